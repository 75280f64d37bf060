/** The task types that reach into instances for the CLI: `fetch_logs` (`bosh logs`) and `ssh` (`bosh ssh`). */
import type { DeployDeps } from '../deploy/types.js';
import type { TaskJob } from '../tasks/task-context.js';
import { fetchLogsJob } from './fetch-logs.js';
import { sshJob } from './ssh.js';

export function instanceAccessJobs(deps: DeployDeps): Array<[string, TaskJob]> {
  return [
    ['fetch_logs', fetchLogsJob(deps)],
    ['ssh', sshJob(deps)],
  ];
}
