/**
 * `DiskManager#update_persistent_disk`, run on an instance once its VM is converged: the agent's mounted disk checked
 * against the records, then each changed disk replaced by a new one — created, attached, mounted as the migration
 * target, the data copied by the agent (migrate_disk), made active — and the old one detached and orphaned. BOSH
 * never deletes a disk's data on a deploy: removed and replaced disks are orphaned (`bosh disks --orphaned`).
 * The IaaS-native resize and update paths (`enable_cpi_resize_disk`, `enable_cpi_update_disk`, off by default in
 * BOSH) are not taken: the copy path works on every CPI.
 */
import { BoshError } from '../../core/errors.js';
import type { DesiredDisk } from '../../core/planner/desired.js';
import type { PersistentDiskRecord } from '../../ports/director-store.js';
import { plain } from '../deploy/apply-spec.js';
import {
  changedDiskPairs,
  isManaged,
  managedDiskCid,
  mountedCids,
  syncVerdict,
  type DiskPair,
} from './disk-manager-pairs.js';
import {
  attachDisk,
  attachInstanceDisks,
  detachDisk,
  orphanDisk,
  type DiskTarget,
} from './disk-manager-steps.js';
import { recordTaskEvent } from './task-events.js';

export interface DiskUpdate {
  /** The instance group's disks (none: every disk goes). */
  readonly desired: readonly DesiredDisk[];
  /** `--recreate-persistent-disks`: every disk is replaced, its data copied, even when unchanged. */
  readonly recreate: boolean;
}

export async function updatePersistentDisk(t: DiskTarget, u: DiskUpdate): Promise<void> {
  t.ctx.debug('Updating persistent disk');
  // With named disks the agent mounts none of them: there is nothing to compare (BOSH syncs one managed disk only).
  if (u.desired.every(isManaged)) await syncPersistentDisk(t, u.desired.length > 0);
  const active = (await t.store.disks.list(t.instanceId)).filter((d) => d.active);
  const pairs = changedDiskPairs(active, u.desired, u.recreate);
  if (pairs.length === 0) return;
  for (const pair of pairs) await updateDisk(t, pair);
  // Disks left inactive (these, or ones a failed deploy left behind) are not the instance's any more.
  for (const disk of await t.store.disks.list(t.instanceId)) {
    if (disk.active) continue;
    await detachDisk(t, disk);
    await orphanDisk(t, disk);
  }
}

/**
 * `sync_persistent_disk`: the disk the agent mounts must be the active managed disk. A VM that lost its disk gets it
 * attached again; another disk mounted is `AgentDiskOutOfSync`.
 */
async function syncPersistentDisk(t: DiskTarget, needsDisk: boolean): Promise<void> {
  const disks = await t.store.disks.list(t.instanceId);
  if (disks.length === 0 || t.vm === undefined) return;
  const agentCid = mountedCids(await t.vm.agent.listDisk())[0];
  const recordCid = managedDiskCid(disks);
  const verdict = syncVerdict(agentCid, recordCid, needsDisk);
  if (verdict === 'reattach') {
    t.ctx.debug(
      `Agent of '${t.label}' reports no disk while director record shows '${recordCid ?? ''}'. ` +
        'Re-attaching existing persistent disk...',
    );
    await attachInstanceDisks(t);
  } else if (verdict === 'out-of-sync') {
    throw new BoshError(
      'AgentDiskOutOfSync',
      `'${t.label}' has invalid disks: agent reports '${agentCid ?? ''}' while director record shows '${recordCid ?? ''}'`,
    );
  }
  for (const d of disks) if (!d.active) t.ctx.debug(`'${t.label}' has inactive disk ${d.diskCid}`);
}

/**
 * `DiskManager#update_disk`: the new disk (if any) created, attached and mounted, the old one's data migrated onto
 * it (managed disks only), the new disk made active (the old one inactive), then the old one detached and orphaned.
 */
async function updateDisk(t: DiskTarget, pair: DiskPair): Promise<void> {
  const old = pair.old;
  let created: PersistentDiskRecord | undefined;
  if (pair.new !== undefined) {
    created = await createDisk(t, pair.new);
    await attachDisk(t, created);
    if (isManaged(pair.new) && old !== undefined) await migrateDisk(t, created, old);
  }
  // Activating the new disk makes the old one (same name) inactive in the same transaction.
  if (created !== undefined) await t.store.disks.activate(created.id);
  else if (old !== undefined) await t.store.disks.update(old.id, { active: false });
  if (old === undefined) return;
  await detachDisk(t, { ...old, active: false });
  await orphanDisk(t, old);
}

/** create_disk(size, cloud_properties, vm_cid), recorded inactive, between `create disk` events. */
async function createDisk(t: DiskTarget, disk: DesiredDisk): Promise<PersistentDiskRecord> {
  const event = { action: 'create', objectType: 'disk', deployment: t.deployment, instance: t.name };
  const parentId = await recordTaskEvent(t.store.events, t.ctx, { ...event, objectName: null });
  let cid: string | null = null;
  try {
    const cloudProperties = plain(disk.cloudProperties);
    cid = String(await t.cpi.call('create_disk', [disk.size, cloudProperties, t.vm?.cid ?? null]));
    const record = await t.store.disks.create({
      instanceId: t.instanceId,
      diskCid: cid,
      size: disk.size,
      active: false,
      cloudProperties,
      name: disk.name,
    });
    await recordTaskEvent(t.store.events, t.ctx, { ...event, objectName: cid, parentId });
    return record;
  } catch (error) {
    await recordTaskEvent(t.store.events, t.ctx, { ...event, objectName: cid, parentId, error });
    throw error;
  }
}

/**
 * migrate_disk(old, new): the agent copies the disk on /var/vcap/store onto the one mounted last and puts that in
 * its place. When it fails, the new disk is detached and orphaned; the old one keeps the data.
 */
async function migrateDisk(t: DiskTarget, created: PersistentDiskRecord, old: PersistentDiskRecord) {
  if (t.vm === undefined) return;
  try {
    await t.vm.agent.migrateDisk(old.diskCid, created.diskCid);
  } catch (e) {
    t.ctx.debug(`Failed to migrate disk, deleting new disk. ${e instanceof Error ? e.message : String(e)}`);
    await detachDisk(t, created);
    await orphanDisk(t, created);
    throw e;
  }
}
