/** The clean-up task types, for the director's job registry. */
import type { Blobstore } from '../../../ports/blobstore.js';
import type { DirectorStore } from '../../../ports/director-store.js';
import type { CompileCpi } from '../../compile/types.js';
import { requireCpi } from '../../deploy/require-cpi.js';
import type { DeployDeps } from '../../deploy/types.js';
import type { TaskContext, TaskJob } from '../../tasks/task-context.js';
import type { NamedCpi } from '../cpi.js';
import { cleanupArtifactsJob } from './cleanup-artifacts.js';
import {
  SCHEDULED_ORPHANED_VM_CLEANUP,
  scheduledOrphanedVmCleanupJob,
} from './scheduled-orphaned-vm-cleanup.js';

interface CleanupJobsDeps {
  readonly store: DirectorStore;
  readonly blobstore: Blobstore;
  /** Orphaned VMs and disks are deleted with the deploy's CPI, its calls logged to the task's `cpi` output. */
  readonly deploy: DeployDeps;
  /** The registry's way of giving a job the stemcell CPIs. */
  readonly withClouds: (make: (clouds: readonly NamedCpi[]) => TaskJob) => TaskJob;
}

/** `delete_artifacts` (`bosh clean-up`) and `scheduled_orphaned_vm_cleanup` (the scheduler's). */
export function cleanupJobs(deps: CleanupJobsDeps): Array<[string, TaskJob]> {
  const { store, blobstore, deploy } = deps;
  // One CPI client per task, made when a VM or disk is first deleted (as delete-deployment's).
  const vmCpi = (ctx: TaskContext) => {
    let cpi: CompileCpi | undefined;
    return () => (cpi ??= requireCpi(deploy, ctx));
  };
  return [
    [
      'delete_artifacts',
      deps.withClouds(
        (clouds) => (ctx, payload) =>
          cleanupArtifactsJob({ store, blobstore, clouds, cpi: vmCpi(ctx) })(ctx, payload),
      ),
    ],
    [
      SCHEDULED_ORPHANED_VM_CLEANUP,
      (ctx, payload) => scheduledOrphanedVmCleanupJob({ store, cpi: vmCpi(ctx) })(ctx, payload),
    ],
  ];
}
