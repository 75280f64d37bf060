import type { JobState, ProcessState } from '../../protocol/agent.js';
import type { JobSupervisor as JobSupervisorPort, SupervisedJob } from '../ports.js';
import type { JobSupervisor } from './job-supervisor.js';
import { readMonitFilesOf } from './monit-files.js';

/**
 * The agent's JobSupervisor port over our supervisor. `reload` reads the jobs' monit files; `start` returns once
 * every service is monitored and starting (monit's start is a request: the director polls get_state until
 * running), while `stop` waits for every process to be gone (StopAndWait).
 */
export class MonitJobSupervisor implements JobSupervisorPort {
  constructor(
    readonly supervisor: JobSupervisor,
    private readonly onStartError: (e: Error) => void = () => undefined,
  ) {}

  processes(): Promise<readonly ProcessState[]> {
    return Promise.resolve(this.supervisor.processes());
  }

  jobState(): Promise<JobState> {
    return Promise.resolve(this.supervisor.jobState());
  }

  start(): Promise<void> {
    this.supervisor.start().catch((e: unknown) => {
      this.onStartError(e instanceof Error ? e : new Error(String(e)));
    });
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return this.supervisor.stop();
  }

  anyRunning(): Promise<boolean> {
    return this.supervisor.anyRunning();
  }

  async reload(jobs: readonly SupervisedJob[]): Promise<void> {
    await this.supervisor.reload(await readMonitFilesOf(jobs));
  }
}
