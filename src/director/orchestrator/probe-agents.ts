/**
 * `--fix`: finds the instances whose agent does not answer — the VM is gone (`has_vm` false) or its agent is
 * silent for 10 s — so the planner recreates them (without stopping them first).
 */
import { instanceName, type CurrentInstance } from '../../core/planner/index.js';
import type { DeploymentRun } from './deployment-run.js';
import { MAX_THREADS, runPool } from './thread-pool.js';

const PING_SECONDS = 10;

async function answers(run: DeploymentRun, i: CurrentInstance): Promise<boolean> {
  if (i.vm === null) return true;
  if ((await run.cpi.call('has_vm', [i.vm.cid])) !== true) return false;
  const agent = run.vms.get(i.uuid)?.agent;
  if (agent === undefined) return false;
  let timer: NodeJS.Timeout | undefined;
  const silent = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, PING_SECONDS * 1000);
  });
  try {
    return await Promise.race([
      agent.ping().then(
        () => true,
        () => false,
      ),
      silent,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function probeAgents(run: DeploymentRun, instances: readonly CurrentInstance[]): Promise<void> {
  await runPool(instances, MAX_THREADS, async (i) => {
    if (!(await answers(run, i))) {
      run.unresponsive.add(i.uuid);
      run.ctx.debug(`Instance ${instanceName(i.group, i.uuid, i.index)} has an unresponsive agent`);
    }
  });
}
