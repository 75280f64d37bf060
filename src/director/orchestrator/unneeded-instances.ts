/**
 * "Deleting unneeded instances": the instances of groups the manifest no longer has (before any VM is created,
 * BOSH's PreCleanupStage, untagged), and a group's surplus instances (first thing in the group's update, tagged
 * with the group, at most max_in_flight at a time). Their disks are orphaned, never deleted.
 */
import type { InstancePlan } from '../../core/planner/index.js';
import { maxInFlightFor } from '../../core/update/numbers.js';
import type { InstanceSnapshot } from '../../ports/director-store.js';
import { agentFor } from '../deploy/instance-vm.js';
import type { DeploymentRun } from './deployment-run.js';
import { deleteInstances } from './instance-deleter.js';
import { MAX_THREADS } from './thread-pool.js';

async function snapshots(run: DeploymentRun, plans: readonly InstancePlan[]): Promise<InstanceSnapshot[]> {
  const uuids = new Set(plans.map((p) => p.uuid));
  const state = await run.deps.store.deployments.state(run.name);
  return (state?.instances ?? []).filter((i) => uuids.has(i.uuid));
}

export async function deleteUnneeded(
  run: DeploymentRun,
  plans: readonly InstancePlan[],
  group?: { readonly name: string; readonly maxInFlight: string },
): Promise<void> {
  if (plans.length === 0) return;
  const { deps, ctx } = run;
  const stage = ctx.events.beginStage(
    'Deleting unneeded instances',
    plans.length,
    group === undefined ? [] : [group.name],
  );
  await deleteInstances(
    {
      store: deps.store,
      blobstore: deps.blobstore,
      cpi: () => run.cpi,
      agentFor: (vm, name) => agentFor(deps, ctx, vm, name),
    },
    ctx,
    stage,
    await snapshots(run, plans),
    {
      deployment: run.name,
      force: false,
      intent: 'delete_instance',
      skipDrain: plans.some((p) => p.skipDrain),
      maxThreads: group === undefined ? MAX_THREADS : maxInFlightFor(group.maxInFlight, plans.length),
    },
  );
  for (const p of plans) {
    run.vms.delete(p.uuid);
    run.instanceIds.delete(p.uuid);
  }
}
