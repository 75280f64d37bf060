/**
 * bosh-director's `OrphanedVMDeleter`: deletes a VM create-swap-delete orphaned, from the cloud (`delete_vm` under
 * `lock:vm:<cid>`) then from the director (the row and the addresses it held), all under
 * `lock:orphan_vm_cleanup:<cid>`, between a `delete vm` event and its end event. It never fails its caller: a VM the
 * cloud no longer has is forgotten all the same, any other failure is logged and the VM stays orphaned, for the
 * next clean-up.
 */
import { isTaskCancelled } from '../../../core/errors.js';
import type { DirectorStore, OrphanedVmRecord } from '../../../ports/director-store.js';
import type { CompileCpi } from '../../compile/types.js';
import { withTaskEvents } from '../../orchestrator/task-events.js';
import { deleteCloudVm, isVmNotFound } from '../../orchestrator/vm-deleter.js';
import { isLockTimeout } from '../../tasks/lock-service.js';
import type { TaskContext } from '../../tasks/task-context.js';

export interface OrphanedVmDeleterDeps {
  readonly store: Pick<DirectorStore, 'vms' | 'events'>;
  /** The CPI, asked for only when there is a VM to delete. */
  readonly cpi: () => CompileCpi;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

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
  return withTaskEvents(deps.store.events, ctx, event, async (end) => {
    try {
      await ctx.withLock(`lock:orphan_vm_cleanup:${vm.cid}`, lockTimeoutSeconds, async () => {
        ctx.debug('Deleting VM');
        await deleteCloudVm(ctx, deps.cpi(), vm.cid);
        await deps.store.vms.deleteOrphaned(vm.id);
      });
      return true;
    } catch (e) {
      if (isTaskCancelled(e)) throw e;
      // BOSH's `ensure` records the error it rescued too: a VM already gone ends with VMNotFound's message.
      end.rescued(e);
      if (isVmNotFound(e)) {
        ctx.debug('VM already gone; deleting orphaned references');
        await deps.store.vms.deleteOrphaned(vm.id);
        return true;
      }
      // BOSH rescues its Lock timeout apart from the other errors, to log it so.
      if (isLockTimeout(e)) ctx.debug(`Timed out acquiring lock to delete ${vm.cid}`);
      else ctx.debug(`Failed to delete Orphaned VM due to unhandled exception: ${message(e)}`);
      return false;
    }
  });
}
