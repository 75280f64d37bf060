/**
 * `InstanceUpdater::UpdateProcedure` for one changed instance: stop it when it runs (pre-stop, drain, stop,
 * post-stop), replace its VM when the plan says so (or it has none) with its disks detached first and attached to
 * the new VM, update its persistent disks (`DiskManager`), then apply the new spec and start it (pre-start, start,
 * watch, post-start). An instance to be stopped is only stopped; a detached one also loses its VM. The instance is
 * marked dirty while this runs, so a failed update is retried by the next deploy.
 */
import { BoshError } from '../../core/errors.js';
import { groupPackages } from '../deploy/apply-spec.js';
import type { InstancePlan } from '../../core/planner/index.js';
import type { TaskProgress } from '../tasks/task-context.js';
import type { DeploymentRun } from './deployment-run.js';
import { updatePersistentDisk } from './disk-manager.js';
import { rerenderOnNewNetworks } from './instance-specs.js';
import { applyAndStart, taskStartOptions } from './starter.js';
import { swapInDuplicateVm } from './create-swap-delete.js';
import { stopInstance } from './stopper.js';

export async function updateInstance(
  run: DeploymentRun,
  p: InstancePlan,
  canary: boolean,
  progress: TaskProgress,
): Promise<void> {
  const { store } = run.deps;
  const g = run.groupOf(p);
  const id = await run.ensureInstance(p);
  const before = await store.instances.get(id);
  await store.instances.update(id, { updateCompleted: false });
  const existing = run.vms.get(p.uuid);
  const unresponsive = run.unresponsive.has(p.uuid);
  if (existing !== undefined && before?.state === 'started' && !unresponsive && !run.fresh.has(p.uuid)) {
    const shutdown = p.needsShuttingDown || p.changes.includes('persistent_disk') || p.state !== 'started';
    await stopInstance(existing.agent, {
      skipDrain: p.skipDrain,
      drainType: shutdown ? 'shutdown' : 'update',
      intent: p.needsRecreate || p.state === 'detached' ? 'delete_vm' : 'keep_vm',
      // Instances being stopped are not rendered again: their drain scripts see the spec last applied.
      drainSpec: run.specs.get(p.uuid)?.apply ?? (before.spec as { apply?: unknown } | null)?.apply ?? {},
      progress,
    });
  }
  if (p.state !== 'started') {
    // `bosh stop --hard`: the VM goes (its disks detached first), the instance and its disks stay.
    if (p.state === 'detached' && existing !== undefined) await run.removeVm(p, { detach: !unresponsive });
    await store.instances.update(id, { state: p.state, updateCompleted: true });
    return;
  }
  if (p.needsRecreate || existing === undefined) {
    // RecreateHandler: the new VM swapped in (create-swap-delete), else the old one deleted and a new one created.
    const swapped = await swapInDuplicateVm(run, p);
    if (swapped === undefined) await run.removeVm(p, { detach: !unresponsive });
    const vm = swapped ?? (await run.createVm(p));
    await rerenderOnNewNetworks(run, p, run.specs.get(p.uuid)?.apply.networks, vm.networks);
  }
  await updatePersistentDisk(run.diskTarget(p), {
    desired: run.desiredOf(g).disks,
    recreate: p.changes.includes('recreate_persistent_disks'),
  });
  const vm = run.vms.get(p.uuid);
  const spec = run.specs.get(p.uuid);
  if (vm === undefined || spec === undefined)
    throw new BoshError('DirectorError', `Instance '${p.name}' not prepared`);
  const stemcellId = run.r.stemcells.get(g.stemcell)?.id ?? -1;
  const apply = { ...spec.apply, packages: groupPackages(g, run.r.releases, run.compiled, stemcellId) };
  const watch = canary ? g.update.canaryWatchTime : g.update.updateWatchTime;
  await applyAndStart(vm.agent, apply, taskStartOptions(run.ctx, p.name, watch, progress));
  await store.instances.update(id, {
    spec: { ...spec, apply },
    state: p.state,
    updateCompleted: true,
  });
}
