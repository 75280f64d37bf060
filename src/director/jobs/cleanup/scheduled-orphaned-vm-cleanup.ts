/**
 * The `scheduled_orphaned_vm_cleanup` task (bosh-director `Jobs::ScheduledOrphanedVMCleanup`), queued by the
 * director's scheduler as user `scheduler` when there are orphaned VMs: deletes every one of them
 * (`OrphanedVMDeleter#delete_all`, 5 s for each VM's lock), with no event log stages. A VM that cannot be deleted
 * now stays orphaned for the next run. Its result is empty, as BOSH's.
 */
import type { DirectorStore } from '../../../ports/director-store.js';
import { MAX_THREADS, runPool } from '../../orchestrator/thread-pool.js';
import type { ScheduledJob } from '../../tasks/scheduler.js';
import type { TaskJob } from '../../tasks/task-context.js';
import { cleanableOrphanedVms } from './cleanable-artifacts.js';
import { deleteOrphanedVm, type OrphanedVmDeleterDeps } from './orphaned-vm-deleter.js';

export const SCHEDULED_ORPHANED_VM_CLEANUP = 'scheduled_orphaned_vm_cleanup';

/**
 * The scheduler's entry (BOSH: `director.vms.cleanup_schedule`, every 5 minutes): described `scheduled
 * <command>`, queued only when there is an orphaned VM (`has_work`).
 */
export function orphanedVmCleanupSchedule(
  store: Pick<DirectorStore, 'vms'>,
  intervalSeconds: number,
): ScheduledJob {
  return {
    type: SCHEDULED_ORPHANED_VM_CLEANUP,
    description: 'scheduled ScheduledOrphanedVMCleanup',
    intervalSeconds,
    hasWork: async () => (await store.vms.orphaned()).length > 0,
  };
}

export function scheduledOrphanedVmCleanupJob(deps: OrphanedVmDeleterDeps): TaskJob {
  return async (ctx) => {
    const vms = await cleanableOrphanedVms(deps.store);
    await runPool(vms, MAX_THREADS, async (vm) => {
      await deleteOrphanedVm(deps, ctx, vm, 5);
    });
    return '';
  };
}
