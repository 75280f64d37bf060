/**
 * `vm_strategy: create-swap-delete`: an instance that must get a new VM has it created, inactive, in "Creating
 * missing vms" while the old one still runs; its update then stops the old VM, swaps the new one in (`ElectActiveVm`),
 * orphans the old one (`OrphanVmStep`: shut down, kept for `bosh orphaned-vms`, its addresses with it) and attaches
 * the disks to the new one. A group with static IPs falls back to delete-create: one address cannot be on two VMs.
 */
import type { InstanceGroup } from '../../core/manifest/types.js';
import type { IpReservation } from '../../core/network/allocate.js';
import { manualNetworkNamed, reserveDynamicIp } from '../../core/planner/networks.js';
import type { InstancePlan, PlannedIp } from '../../core/planner/index.js';
import type { InstanceVm } from '../deploy/instance-vm.js';
import { plannedIpRow, storedAddress } from '../deploy/ip-reservations.js';
import type { DeploymentRun } from './deployment-run.js';
import { attachInstanceDisks, detachInstanceDisks } from './disk-manager-steps.js';
import { recordTaskEvent } from './task-events.js';

const createSwapDeletes = (g: InstanceGroup): boolean =>
  g.update.vmStrategy === 'create-swap-delete' && g.networks.every((n) => n.staticIps === null);

/** `unignored_instance_plans_needing_duplicate_vm`: started instances with a VM whose VM must be replaced. */
export function duplicateVmPlans(run: DeploymentRun, plans: readonly InstancePlan[]): InstancePlan[] {
  const replaced = plans.filter((p) => p.vmCid !== null && p.needsRecreate && p.state === 'started');
  return replaced.filter((p) => {
    const g = run.groupOf(p);
    if (createSwapDeletes(g)) return true;
    if (g.update.vmStrategy === 'create-swap-delete')
      run.ctx.debug(`Skipping create-swap-delete for static ip enabled instance ${p.group}/${p.uuid}`);
    return false;
  });
}

/**
 * The new VM's addresses: the planned ones where they changed; where the old VM keeps its address until it is
 * orphaned, a free one of the same manual network (reserved for the instance), as BOSH's reconciler does.
 */
async function duplicateIps(
  run: DeploymentRun,
  p: InstancePlan,
  held: IpReservation[],
): Promise<PlannedIp[]> {
  const { store } = run.deps;
  const id = run.instanceId(p);
  const oldVmId = run.vms.get(p.uuid)?.vm.id;
  const used = new Set(
    (await store.ips.list({ instanceId: id }))
      .filter((row) => row.vmId === oldVmId)
      .map((row) => storedAddress(row.address)),
  );
  const out: PlannedIp[] = [];
  for (const ip of p.ips) {
    const manual = manualNetworkNamed(run.r.cloudConfig.networks, ip.network);
    if (manual === undefined || !used.has(storedAddress(ip.ip))) {
      out.push(ip);
      continue;
    }
    const owner = { id: p.uuid, name: `${p.group}/${p.uuid}`, deployment: run.name };
    const result = reserveDynamicIp(manual, { owner, label: p.name, az: p.az }, held);
    held.splice(0, held.length, ...result.reservations);
    await store.ips.reserve([plannedIpRow(result.ip, id, { taskId: run.ctx.taskId, now: run.ctx.now() })]);
    out.push(result.ip);
  }
  return out;
}

/** Creates the inactive new VM of each plan (one "Creating missing vms" step each); the addresses it got. */
export async function createDuplicateVm(
  run: DeploymentRun,
  p: InstancePlan,
  held: IpReservation[],
): Promise<InstanceVm> {
  const ips = await duplicateIps(run, p, held);
  run.duplicateIps.set(p.uuid, ips);
  return run.createVm(p, { ips });
}

/** The update's `RecreateHandler#create_swap_delete`: the old VM out (orphaned), the new one in with the disks. */
export async function swapInDuplicateVm(
  run: DeploymentRun,
  p: InstancePlan,
): Promise<InstanceVm | undefined> {
  const next = run.duplicates.get(p.uuid);
  if (next === undefined) return undefined;
  const { store } = run.deps;
  const old = run.vms.get(p.uuid);
  // An unresponsive agent's VM cannot be shut down to be kept: it is deleted (with the disks still attached).
  if (run.unresponsive.has(p.uuid)) await run.removeVm(p, { detach: false });
  else {
    await detachInstanceDisks(run.diskTarget(p));
    if (old !== undefined) {
      old.agent.shutdown();
      const owner = { deployment: run.name, instance: `${p.group}/${p.uuid}` };
      const event = { action: 'orphan', objectType: 'vm', objectName: old.vm.cid ?? '', ...owner };
      // Begin and end by hand, not withTaskEvents: a failed orphaning records no end event.
      const parentId = await recordTaskEvent(store.events, run.ctx, event);
      await store.vms.orphan(old.vm.id, run.ctx.now());
      await recordTaskEvent(store.events, run.ctx, { ...event, parentId });
      run.vms.delete(p.uuid);
    }
  }
  await store.vms.activate(next.vm.id);
  run.duplicates.delete(p.uuid);
  run.vms.set(p.uuid, next);
  run.fresh.add(p.uuid);
  if (run.desiredOf(run.groupOf(p)).disks.length > 0) await attachInstanceDisks(run.diskTarget(p));
  return next;
}

/** The new VMs a failed deploy left behind, inactive, deleted: this deploy makes its own. */
export async function deleteLeftoverVms(run: DeploymentRun): Promise<void> {
  for (const { vm, instance } of run.inactive.splice(0)) await run.deleteVmRecord(vm, instance);
}
