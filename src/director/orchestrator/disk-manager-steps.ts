/**
 * The DiskManager's steps on one disk of one instance (BOSH's `AttachDiskStep`, `MountDiskStep`, `UnmountDiskStep`,
 * `DetachDiskStep`, `OrphanDiskManager#orphan_disk`) and their per-instance forms (`AttachInstanceDisksStep` ...).
 * Attaching and detaching hold the VM's lock (`lock:vm:<cid>`, 10 s), as BOSH's `with_vm_lock` does.
 */
import { BoshError } from '../../core/errors.js';
import type { AgentClient } from '../../ports/agent-client.js';
import { isCpiError } from '../../protocol/cpi.js';
import type { DirectorStore, PersistentDiskRecord } from '../../ports/director-store.js';
import type { CompileCpi } from '../compile/types.js';
import type { TaskContext } from '../tasks/task-context.js';
import { isManaged, mountedCids } from './disk-manager-pairs.js';
import { recordTaskEvent } from './task-events.js';

/** One instance whose disks are worked on, with its VM as it is now (none: only the records change). */
export interface DiskTarget {
  readonly store: Pick<DirectorStore, 'disks' | 'events'>;
  readonly cpi: CompileCpi;
  readonly ctx: TaskContext;
  readonly deployment: string;
  readonly instanceId: number;
  /** `<group>/<uuid>`: events and orphaned disks name the instance so. */
  readonly name: string;
  /** `<group>/<uuid> (<index>)`: errors name the instance so. */
  readonly label: string;
  readonly vm: { readonly cid: string; readonly agent: AgentClient } | undefined;
}

/** attach_disk; a CPI v2 answers a hint, which the agent records (add_persistent_disk) to find the disk by. */
async function attachStep(t: DiskTarget, disk: PersistentDiskRecord): Promise<void> {
  const vm = t.vm;
  if (vm === undefined) return;
  t.ctx.debug(`Attaching disk ${disk.diskCid}`);
  const hint = await t.ctx.withLock(`lock:vm:${vm.cid}`, 10, () =>
    t.cpi.call('attach_disk', [vm.cid, disk.diskCid]),
  );
  if (hint !== null && hint !== undefined) await vm.agent.addPersistentDisk(disk.diskCid, hint);
}

async function mountStep(t: DiskTarget, disk: PersistentDiskRecord): Promise<void> {
  if (t.vm === undefined) return;
  t.ctx.debug(`Mounting disk '${disk.diskCid}' for instance '${t.label}'`);
  await t.vm.agent.mountDisk(disk.diskCid);
}

/** unmount_disk, only when the agent lists the disk as mounted. */
async function unmountStep(t: DiskTarget, disk: PersistentDiskRecord): Promise<void> {
  if (t.vm === undefined) return;
  if (!mountedCids(await t.vm.agent.listDisk()).includes(disk.diskCid)) return;
  t.ctx.debug(`Unmounting disk '${disk.diskCid}' for instance '${t.label}'`);
  await t.vm.agent.unmountDisk(disk.diskCid);
}

/**
 * remove_persistent_disk, then detach_disk. A disk the CPI says is not attached is fine unless it is the active
 * one, which the VM should have had.
 */
async function detachStep(t: DiskTarget, disk: PersistentDiskRecord): Promise<void> {
  const vm = t.vm;
  if (vm === undefined) return;
  try {
    await vm.agent.removePersistentDisk(disk.diskCid);
    t.ctx.debug(`Detaching disk ${disk.diskCid}`);
    await t.ctx.withLock(`lock:vm:${vm.cid}`, 10, () => t.cpi.call('detach_disk', [vm.cid, disk.diskCid]));
  } catch (e) {
    if (!isCpiError(e, 'Bosh::Clouds::DiskNotAttached')) throw e;
    if (disk.active)
      throw new BoshError(
        'CloudDiskNotAttached',
        `'${t.label}' VM should have persistent disk '${disk.diskCid}' attached but it doesn't (according to CPI)`,
      );
  }
}

/** `DiskManager#attach_disk`: attached, and mounted when managed; a disk that fails to mount is detached again. */
export async function attachDisk(t: DiskTarget, disk: PersistentDiskRecord): Promise<void> {
  await attachStep(t, disk);
  if (!isManaged(disk)) return;
  try {
    await mountStep(t, disk);
  } catch (e) {
    t.ctx.debug(`Failed to mount disk, deleting new disk. ${e instanceof Error ? e.message : String(e)}`);
    await detachDisk(t, disk);
    throw e;
  }
}

/** `DiskManager#detach_disk`: unmounted when managed, then detached. */
export async function detachDisk(t: DiskTarget, disk: PersistentDiskRecord): Promise<void> {
  if (isManaged(disk)) await unmountStep(t, disk);
  await detachStep(t, disk);
}

const activeDisks = async (t: DiskTarget) => (await t.store.disks.list(t.instanceId)).filter((d) => d.active);

/** `AttachInstanceDisksStep` then `MountInstanceDisksStep`: every active disk attached, then the managed mounted. */
export async function attachInstanceDisks(t: DiskTarget): Promise<void> {
  if (t.vm === undefined) return;
  const disks = await activeDisks(t);
  for (const disk of disks) await attachStep(t, disk);
  for (const disk of disks.filter(isManaged)) await mountStep(t, disk);
}

/**
 * `UnmountInstanceDisksStep` then `DetachInstanceDisksStep`, before the VM goes: the active managed disk unmounted,
 * then every disk of the instance detached.
 */
export async function detachInstanceDisks(t: DiskTarget): Promise<void> {
  if (t.vm === undefined) return;
  for (const disk of (await activeDisks(t)).filter(isManaged)) await unmountStep(t, disk);
  for (const disk of await t.store.disks.list(t.instanceId)) await detachStep(t, disk);
}

/** `OrphanDiskManager#orphan_disk`: kept with its deployment and instance names, between `orphan disk` events. */
export async function orphanDisk(
  t: Pick<DiskTarget, 'store' | 'ctx' | 'deployment' | 'name'>,
  disk: PersistentDiskRecord,
): Promise<void> {
  const event = { action: 'orphan', objectType: 'disk', deployment: t.deployment, instance: t.name };
  const parentId = await recordTaskEvent(t.store.events, t.ctx, { ...event, objectName: disk.diskCid });
  try {
    await t.store.disks.orphan(disk.id, t.ctx.now());
    t.ctx.debug(`Orphaning disk: '${disk.diskCid}', ${disk.active ? 'active' : 'inactive'}`);
  } catch (error) {
    // The end event names the orphan disk, which was not made.
    await recordTaskEvent(t.store.events, t.ctx, { ...event, objectName: null, parentId, error });
    throw error;
  }
  await recordTaskEvent(t.store.events, t.ctx, { ...event, objectName: disk.diskCid, parentId });
}
