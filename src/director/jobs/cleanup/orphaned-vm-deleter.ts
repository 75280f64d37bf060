/**
 * bosh-director's `OrphanedVMDeleter`: deletes a VM create-swap-delete orphaned, from the cloud (`delete_vm` under
 * `lock:vm:<cid>`) then from the director (the row and the addresses it held), all under
 * `lock:orphan_vm_cleanup:<cid>`, between a `delete vm` event and its end event. It never fails its caller: a VM the
 * cloud no longer has is forgotten all the same, any other failure is logged and the VM stays orphaned, for the
 * next clean-up.
 */
import type { DirectorStore, OrphanedVmRecord } from '../../../ports/director-store.js';
import type { CompileCpi } from '../../compile/types.js';
import { recordTaskEvent } from '../../orchestrator/task-events.js';
import { isVmNotFound } from '../../orchestrator/vm-deleter.js';
import type { TaskContext } from '../../tasks/task-context.js';

export interface OrphanedVmDeleterDeps {
  readonly store: Pick<DirectorStore, 'vms' | 'events'>;
  /** The CPI, asked for only when there is a VM to delete. */
  readonly cpi: () => CompileCpi;
}

/** Orphaned VMs (and disks) are deleted this many at a time. */
export { MAX_THREADS } from '../../orchestrator/thread-pool.js';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const isCancelled = (e: unknown): boolean => (e as { kind?: unknown } | null)?.kind === 'TaskCancelled';
// The lock service's timeout (BOSH rescues its Lock timeout apart from the other errors, to log it).
const isLockTimeout = (e: unknown): boolean => message(e).startsWith('Failed to acquire lock for ');

/** `delete_vm(vm, lock_timeout)`: whether the VM is gone from the director now. */
export async function deleteOrphanedVm(
  deps: OrphanedVmDeleterDeps,
  ctx: TaskContext,
  vm: OrphanedVmRecord,
  lockTimeoutSeconds: number,
): Promise<boolean> {
  const event = {
    action: 'delete',
    objectType: 'vm',
    objectName: vm.cid,
    deployment: vm.deploymentName,
    ...(vm.instanceName === null ? {} : { instance: vm.instanceName }),
  };
  const parentId = await recordTaskEvent(deps.store.events, ctx, event);
  let error: unknown;
  try {
    await ctx.withLock(`lock:orphan_vm_cleanup:${vm.cid}`, lockTimeoutSeconds, async () => {
      ctx.debug('Deleting VM');
      const cpi = deps.cpi();
      await ctx.withLock(`lock:vm:${vm.cid}`, 10, () => cpi.call('delete_vm', [vm.cid]));
      await deps.store.vms.deleteOrphaned(vm.id);
    });
    return true;
  } catch (e) {
    error = e;
    if (isCancelled(e)) throw e;
    if (isVmNotFound(e)) {
      ctx.debug('VM already gone; deleting orphaned references');
      await deps.store.vms.deleteOrphaned(vm.id);
      return true;
    }
    if (isLockTimeout(e)) ctx.debug(`Timed out acquiring lock to delete ${vm.cid}`);
    else ctx.debug(`Failed to delete Orphaned VM due to unhandled exception: ${message(e)}`);
    return false;
  } finally {
    await recordTaskEvent(deps.store.events, ctx, { ...event, parentId, error });
  }
}
