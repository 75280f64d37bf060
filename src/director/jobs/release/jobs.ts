import { boshError } from '../../../core/errors.js';
import type { JobRecord } from '../../../ports/director-store.js';
import { plural, singleStepStage } from '../stages.js';
import { readUploadedJob } from './job-archive.js';
import type { ManifestJob } from './manifest.js';
import { archivePath, desc, type UploadPlan, type UploadScope } from './upload-scope.js';

export interface JobPlan {
  readonly created: ManifestJob[];
  /** Jobs of the release with the same name, version and fingerprint. */
  readonly existing: Array<[JobRecord, ManifestJob]>;
}

/**
 * `UpdateRelease#process_jobs`, the sorting part: a job of a version uploaded before must keep its fingerprint
 * (`job 'x' had different fingerprint in previously uploaded release 'n/v'`, ReleaseExistingJobFingerprintMismatch).
 */
export async function planJobs(scope: UploadScope): Promise<JobPlan> {
  const { manifest, existingVersion } = scope;
  scope.ctx.debug('Checking for new jobs in release');
  const fingerprints = [...new Set(manifest.jobs.map((j) => j.fingerprint))];
  const known = await scope.store.releases.jobsByFingerprint(scope.name, fingerprints);
  const plan: JobPlan = { created: [], existing: [] };
  for (const meta of manifest.jobs) {
    for (const job of existingVersion?.jobs ?? []) {
      if (job.name === meta.name && job.fingerprint !== meta.fingerprint) {
        throw boshError(
          'ReleaseExistingJobFingerprintMismatch',
          `job '${meta.name}' had different fingerprint in previously uploaded release '${scope.name}/${scope.version}'`,
        );
      }
    }
    const existing = known.find(
      (j) => j.fingerprint === meta.fingerprint && j.name === meta.name && j.version === meta.version,
    );
    if (existing === undefined) plan.created.push(meta);
    else plan.existing.push([existing, meta]);
  }
  return plan;
}

/**
 * Stage `Creating new jobs` (task `name/version` each), then `Processing N existing jobs`: new jobs are checked and
 * stored; existing ones are added to the version, and re-checked and re-stored with `--fix`.
 */
export async function persistJobs(scope: UploadScope, plan: JobPlan, out: UploadPlan): Promise<void> {
  const { ctx } = scope;
  if (plan.created.length > 0) {
    const stage = ctx.events.beginStage('Creating new jobs', plan.created.length);
    for (const meta of plan.created) {
      await stage.advanceAndTrack(desc(meta), async () => {
        ctx.debug(`Creating new job '${desc(meta)}'`);
        const job = await readUploadedJob(scope, meta);
        const blobstoreId = await scope.blobs.put(archivePath(scope, 'job', meta.name));
        out.jobs.push({ ...job, blobstoreId });
      });
    }
  }
  if (plan.existing.length > 0) {
    const n = plan.existing.length;
    await singleStepStage(ctx, `Processing ${n} existing job${plural(n)}`, async () => {
      for (const [job, meta] of plan.existing) {
        if (scope.fix) {
          ctx.debug(`Fixing existing job '${desc(job)}'`);
          await readUploadedJob(scope, meta);
          const blobstoreId = await scope.blobs.put(archivePath(scope, 'job', meta.name));
          scope.blobs.replace(job.blobstoreId);
          out.jobBlobs.push({ id: job.id, blobstoreId, sha1: meta.sha1 });
        } else {
          ctx.debug(`Using existing job '${desc(job)}'`);
        }
        if (!scope.existingVersion?.jobs.some((j) => j.id === job.id)) out.jobs.push({ existingId: job.id });
      }
    });
  }
}
