/**
 * `DeploymentPlan::Steps::DeleteVmStep`: delete_vm under the VM's lock (`lock:vm:<cid>`, 10 s), then forget the
 * VM row, between a `delete vm` event and its end event. A VM the cloud no longer has is deleted already; with
 * `force` any CPI error is ignored and the VM is forgotten all the same (BOSH's ErrorIgnorer).
 */
import { isTaskCancelled } from '../../core/errors.js';
import { isCpiError } from '../../protocol/cpi.js';
import type { DirectorStore, VmRecord } from '../../ports/director-store.js';
import type { CompileCpi } from '../compile/types.js';
import type { TaskContext } from '../tasks/task-context.js';
import { withTaskEvents } from './task-events.js';

export interface VmDeleterDeps {
  readonly store: Pick<DirectorStore, 'vms' | 'events'>;
  /** The CPI, asked for only when a VM is deleted (a deployment without VMs needs none). */
  readonly cpi: () => CompileCpi;
}

export interface VmOwner {
  readonly deployment: string;
  /** `<instance group>/<uuid>`. */
  readonly instance: string;
}

/** `Bosh::Clouds::VMNotFound`: the cloud no longer has the VM. */
export const isVmNotFound = (e: unknown): boolean => isCpiError(e, 'Bosh::Clouds::VMNotFound');

/**
 * The cloud half of deleting a VM, here and for the orphaned-VM deleter: delete_vm under the VM's lock
 * (`lock:vm:<cid>`, 10 s, BOSH's `with_vm_lock`). A VMNotFound comes out as is: each caller forgets a VM the
 * cloud no longer has in its own way.
 */
export async function deleteCloudVm(ctx: TaskContext, cpi: CompileCpi, cid: string): Promise<void> {
  await ctx.withLock(`lock:vm:${cid}`, 10, () => cpi.call('delete_vm', [cid]));
}

/**
 * `ErrorIgnorer#with_force_check`: with `force`, an error is logged and ignored, except the task's cancellation
 * (BOSH would swallow it too; a cancelled task should stop).
 */
export function forceCheck(ctx: TaskContext, force: boolean) {
  return async (work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (e) {
      if (!force || isTaskCancelled(e)) throw e;
      ctx.debug(`Force deleting is set, ignoring exception: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
}

export async function deleteVm(
  deps: VmDeleterDeps,
  ctx: TaskContext,
  vm: VmRecord,
  owner: VmOwner,
  force: boolean,
): Promise<void> {
  const event = { action: 'delete', objectType: 'vm', objectName: vm.cid, ...owner };
  await withTaskEvents(deps.store.events, ctx, event, async () => {
    ctx.debug('Deleting VM');
    await forceCheck(
      ctx,
      force,
    )(async () => {
      const cid = vm.cid;
      // A VM row without a cid never reached the cloud (create_vm failed before answering).
      if (cid === null) return;
      const cpi = deps.cpi();
      try {
        await deleteCloudVm(ctx, cpi, cid);
      } catch (e) {
        if (!isVmNotFound(e)) throw e;
        ctx.debug(`VM '${cid}' might have already been deleted from the cloud`);
      }
    });
    await deps.store.vms.delete(vm.id);
  });
}
