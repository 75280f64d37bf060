/**
 * `PostDeploymentScriptRunner.run_post_deploys_after_deployment`: once the update stage is done, and only when it
 * changed something, every instance that has a VM runs its post-deploy scripts (at most 32 at a time, BOSH's
 * `max_threads`). No event stage: BOSH shows none.
 */
import { instanceText } from '../jobs/instance-lookup.js';
import type { DeploymentRun } from './deployment-run.js';
import { MAX_THREADS, runPool } from './thread-pool.js';

export async function runPostDeploys(run: DeploymentRun): Promise<void> {
  const state = await run.deps.store.deployments.state(run.name);
  const targets = (state?.instances ?? []).filter(
    (i) => !i.compilation && !i.ignore && i.state === 'started' && run.vms.has(i.uuid),
  );
  await runPool(targets, MAX_THREADS, async (i) => {
    run.ctx.debug(`Running post-deploy for ${instanceText(i)}`);
    await run.vms.get(i.uuid)?.agent.runScript('post-deploy', { env: {} });
  });
}
