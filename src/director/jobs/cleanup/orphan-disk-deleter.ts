/**
 * `OrphanDiskManager#delete_orphan_disk`: deletes an orphaned disk from the cloud (`delete_disk`), then forgets it,
 * between a `delete disk` event and its end event; a disk the cloud no longer has is forgotten all the same. (The
 * director takes no snapshots, so there are none to delete first.)
 */
import { isCpiError } from '../../../protocol/cpi.js';
import type { DirectorStore, OrphanDiskRecord } from '../../../ports/director-store.js';
import type { CompileCpi } from '../../compile/types.js';
import { withTaskEvents } from '../../orchestrator/task-events.js';
import type { TaskContext } from '../../tasks/task-context.js';

interface OrphanDiskDeleterDeps {
  readonly store: Pick<DirectorStore, 'disks' | 'events'>;
  /** The CPI, asked for only when there is a disk to delete. */
  readonly cpi: () => CompileCpi;
}

export async function deleteOrphanDisk(
  deps: OrphanDiskDeleterDeps,
  ctx: TaskContext,
  disk: OrphanDiskRecord,
): Promise<void> {
  const event = {
    action: 'delete',
    objectType: 'disk',
    objectName: disk.diskCid,
    deployment: disk.deploymentName,
    instance: disk.instanceName,
  };
  await withTaskEvents(deps.store.events, ctx, event, async (end) => {
    ctx.debug(`Deleting orphan orphan disk: ${disk.diskCid}`);
    try {
      await deps.cpi().call('delete_disk', [disk.diskCid]);
    } catch (e) {
      if (!isCpiError(e, 'Bosh::Clouds::DiskNotFound')) throw e;
      // BOSH's `ensure` records the error it rescued too: a disk already gone ends with DiskNotFound's message.
      end.rescued(e);
      ctx.debug(`Disk not found in IaaS: ${disk.diskCid}`);
    }
    await deps.store.disks.deleteOrphaned(disk.diskCid);
  });
}
