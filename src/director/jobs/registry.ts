import type { Blobstore } from '../../ports/blobstore.js';
import type { DirectorStore } from '../../ports/director-store.js';
import type { TaskContext, TaskJob } from '../tasks/task-context.js';
import type { NamedCpi, StemcellCpi } from './cpi.js';
import { deleteReleaseJob } from './delete-release.js';
import { deleteStemcellJob } from './delete-stemcell.js';
import { updateReleaseJob } from './update-release.js';
import { updateStemcellJob } from './update-stemcell.js';
import { instanceAccessJobs } from './instance-access.js';
import { requireCpi } from '../deploy/require-cpi.js';
import type { DeployDeps } from '../deploy/types.js';
import { runErrandJob } from '../deploy/run-errand.js';
import { updateDeploymentJob } from '../deploy/update-deployment.js';
import { vmsJob } from '../deploy/vms-job.js';
import { deleteDeploymentJob } from '../orchestrator/delete-deployment.js';
import { updateInstanceJob } from '../orchestrator/update-instance.js';
import { cleanupJobs } from './cleanup/cleanup-jobs.js';

export interface DirectorJobsDeps {
  readonly store: DirectorStore;
  readonly blobstore: Blobstore;
  readonly tmpDir: string;
  /** The default CPI, logging its calls with `log` (a task's `cpi` output); undefined when none is configured. */
  readonly cpiFor: (log: (text: string) => void) => StemcellCpi | undefined;
  /** The task output files: CPI calls go to the task's `cpi` output. */
  readonly files: { append(id: number, type: 'cpi', text: string): void };
  /** Deploying (`update_deployment`, `vms`); absent: those task types are not served. */
  readonly deploy?: DeployDeps;
}

/** The task types this folder implements, by BOSH job type (`TaskRecord.type`). */
export function directorJobs(deps: DirectorJobsDeps): ReadonlyMap<string, TaskJob> {
  /** The job with the task's CPIs: the default CPI (name `''`), its calls logged to the task's `cpi` output. */
  const withClouds =
    (make: (clouds: readonly NamedCpi[]) => TaskJob): TaskJob =>
    async (ctx: TaskContext, payload: unknown) => {
      const cpiLog = (id: number, text: string): void => {
        deps.files.append(id, 'cpi', text);
      };
      const cpi = requireCpi({ cpiFor: deps.cpiFor, cpiLog }, ctx);
      return make([{ name: '', cpi }])(ctx, payload);
    };
  const { store, blobstore, tmpDir } = deps;
  const deploy: Array<[string, TaskJob]> =
    deps.deploy === undefined
      ? []
      : [
          ['update_deployment', updateDeploymentJob(deps.deploy)],
          ['delete_deployment', deleteDeploymentJob(deps.deploy)],
          ['vms', vmsJob(deps.deploy)],
          ['update_instance', updateInstanceJob(deps.deploy)],
          ['run_errand', runErrandJob(deps.deploy)],
          ...instanceAccessJobs(deps.deploy),
          ...cleanupJobs({ store, blobstore, deploy: deps.deploy, withClouds }),
        ];
  return new Map<string, TaskJob>([
    ...deploy,
    ['update_release', updateReleaseJob({ store, blobstore, tmpDir })],
    ['delete_release', deleteReleaseJob({ store, blobstore })],
    ['update_stemcell', withClouds((clouds) => updateStemcellJob({ store, clouds, tmpDir }))],
    ['delete_stemcell', withClouds((clouds) => deleteStemcellJob({ store, clouds }))],
  ]);
}
