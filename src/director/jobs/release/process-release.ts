import { boshError } from '../../../core/errors.js';
import type { Blobstore } from '../../../ports/blobstore.js';
import type { DirectorStore, PackageRecord, ReleaseVersionRecord } from '../../../ports/director-store.js';
import type { TaskContext } from '../../tasks/task-context.js';
import { formatReleaseVersion, parseReleaseVersion, rebaseVersion } from '../release-version.js';
import { singleStepStage } from '../stages.js';
import { planCompiledPackages, persistCompiledPackages } from './compiled-packages.js';
import { resolvePackageDependencies } from './dependencies.js';
import { planJobs, persistJobs } from './jobs.js';
import type { UploadedManifest } from './manifest.js';
import { persistPackages } from './package-persist.js';
import { planPackages } from './package-plan.js';
import { UploadBlobs } from './upload-blobs.js';
import { desc, emptyPlan, type UploadPlan, type UploadScope } from './upload-scope.js';
import { refuseAdditions } from './version-additions.js';

export interface ProcessReleaseInput {
  readonly ctx: TaskContext;
  readonly store: DirectorStore;
  readonly blobstore: Blobstore;
  readonly tmpDir: string;
  readonly releaseDir: string;
  readonly manifest: UploadedManifest;
  readonly fix: boolean;
  readonly rebase: boolean;
}

/**
 * `UpdateRelease#process_release` (inside the release lock): the version (`--rebase`: the next dev version), the
 * commit check for a version uploaded before (ReleaseVersionCommitHashMismatch), then the stages. Every check runs
 * before anything is stored: the version goes in with one `createVersion`, in the `Release has been created` task.
 * Returns the version stored.
 */
export async function processRelease(input: ProcessReleaseInput): Promise<string> {
  const { ctx, store, manifest } = input;
  const release = (await store.releases.list()).find((r) => r.name === manifest.name);
  const versions = release?.versions ?? [];
  const version = input.rebase
    ? formatReleaseVersion(
        rebaseVersion(
          parseReleaseVersion(manifest.version),
          versions.map((v) => v.version),
        ),
      )
    : manifest.version;
  const existingVersion = versions.find((v) => v.version === version);
  let fix = input.fix;
  if (existingVersion !== undefined) {
    checkCommit(existingVersion, manifest, `${manifest.name}/${version}`);
    if (!existingVersion.updateCompleted) fix = true;
  }
  const releasePackages = new Map<number, PackageRecord>();
  for (const v of versions) for (const p of v.packages) releasePackages.set(p.id, p);

  const blobs = new UploadBlobs(input.blobstore, input.tmpDir, (line) => {
    ctx.debug(line);
  });
  const scope: UploadScope = {
    ctx,
    store,
    blobs,
    releaseDir: input.releaseDir,
    manifest,
    name: manifest.name,
    version,
    fix,
    existingVersion,
    releasePackages: [...releasePackages.values()],
  };
  try {
    await singleStepStage(ctx, 'Resolving package dependencies', () => {
      const resolved = resolvePackageDependencies(manifest.packages);
      ctx.debug(`Resolving package dependencies for ${JSON.stringify([...resolved.keys()])}`);
      for (const [name, all] of resolved)
        ctx.debug(`Resolved package dependencies for '${name}': ${JSON.stringify(all)}`);
      return Promise.resolve();
    });
    const out = emptyPlan();
    const packagePlan = await planPackages(scope);
    const compiledPlan = manifest.compiled ? await planCompiledPackages(scope, packagePlan) : undefined;
    refuseAdditions(scope, { packages: packagePlan, compiled: compiledPlan });
    await persistPackages(scope, packagePlan, out);
    if (compiledPlan !== undefined) await persistCompiledPackages(scope, compiledPlan, out);
    const jobPlan = await planJobs(scope);
    refuseAdditions(scope, { jobs: jobPlan });
    await persistJobs(scope, jobPlan, out);
    await ctx.checkpoint();
    const stage = ctx.events.beginStage(
      manifest.compiled ? 'Compiled Release has been created' : 'Release has been created',
      1,
    );
    await stage.advanceAndTrack(desc({ name: manifest.name, version }), () => save(scope, out));
  } catch (e) {
    await blobs.rollback();
    throw e;
  }
  await blobs.commit();
  return version;
}

/** A version uploaded before must come from the same commit (`commit_hash`, `uncommitted_changes`). */
function checkCommit(existing: ReleaseVersionRecord, manifest: UploadedManifest, release: string): void {
  const commitHash = manifest.commitHash ?? 'unknown';
  const uncommitted = manifest.uncommittedChanges ?? false;
  if (existing.commitHash !== commitHash || existing.uncommittedChanges !== uncommitted) {
    const shown = manifest.uncommittedChanges === undefined ? '' : String(manifest.uncommittedChanges);
    throw boshError(
      'ReleaseVersionCommitHashMismatch',
      `release '${release}' has already been uploaded with commit_hash as '${existing.commitHash}' and ` +
        `uncommitted_changes as '${shown}'`,
    );
  }
}

async function save(scope: UploadScope, out: UploadPlan): Promise<void> {
  const { store, manifest } = scope;
  if (scope.existingVersion === undefined) {
    await store.releases.createVersion({
      name: scope.name,
      version: scope.version,
      commitHash: manifest.commitHash ?? 'unknown',
      uncommittedChanges: manifest.uncommittedChanges ?? false,
      packages: out.packages,
      jobs: out.jobs,
      compiledPackages: out.compiledPackages,
    });
    for (const r of [...out.packages, ...out.jobs, ...out.compiledPackages]) {
      if ('blobstoreId' in r && r.blobstoreId !== null) scope.blobs.keep(r.blobstoreId);
    }
  }
  for (const u of out.packageBlobs) {
    await store.releases.updatePackageBlob(u.id, u.blobstoreId, u.sha1);
    scope.blobs.keep(u.blobstoreId);
  }
  for (const u of out.jobBlobs) {
    await store.releases.updateJobBlob(u.id, u.blobstoreId, u.sha1);
    scope.blobs.keep(u.blobstoreId);
  }
}
