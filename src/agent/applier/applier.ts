import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { wrapError } from '../../base/errors.js';
import { parallelDo } from '../../base/work-pool.js';
import type { ApplySpec } from '../../protocol/agent.js';
import type { Dirs } from '../dirs.js';
import type { Logger } from '../logger.js';
import type { AgentBlobstore, BlobSource, JobSupervisor, SupervisedJob } from '../ports.js';
import { Bundle, BundleCollection } from './bundle-collection.js';
import { fixJobPermissions } from './extract.js';
import { JobDirTmpfs } from './job-dir-tmpfs.js';
import { bundleVersion, specJobs, specPackages, type SpecJob, type SpecPackage } from './spec-jobs.js';

const TAG = 'applier';

export interface ApplierDeps {
  readonly dirs: Dirs;
  readonly blobstore: AgentBlobstore;
  readonly supervisor: JobSupervisor;
  readonly logger: Logger;
  /** `env.bosh.parallel`: prepare's worker count. */
  readonly parallel: () => number;
  /** `env.bosh.job_dir.tmpfs` (read from the cached settings by default). */
  readonly jobDirTmpfs?: JobDirTmpfs;
}

/**
 * bosh-agent's concrete applier (jobs: rendered job applier; packages: compiled package applier). Jobs install in
 * `data/jobs/<job>/<sha1(version-digest)>` enabled as `jobs/<job>`, packages in `data/packages/<pkg>/<hash>`
 * enabled as `packages/<pkg>` and, per job, `jobs/<job>/packages/<pkg>`.
 */
export class Applier {
  private readonly jobs: BundleCollection;
  private readonly packages: BundleCollection;
  private readonly jobDirTmpfs: JobDirTmpfs;

  constructor(private readonly deps: ApplierDeps) {
    this.jobs = new BundleCollection(deps.dirs.dataJobs, deps.dirs.jobs, 0o750);
    this.packages = new BundleCollection(deps.dirs.dataPackages, deps.dirs.packages, 0o755);
    this.jobDirTmpfs = deps.jobDirTmpfs ?? new JobDirTmpfs({ dirs: deps.dirs });
  }

  /** Downloads and installs (without enabling) every job and package, `parallel` at a time. */
  async prepare(spec: ApplySpec): Promise<void> {
    const jobs = specJobs(spec);
    await this.setUpJobDir();
    await parallelDo(this.deps.parallel(), [
      ...jobs.map((job) => async () => {
        await this.prepareJob(job).catch((e: unknown) => fail(e, `Preparing job ${job.name}`));
      }),
      ...specPackages(spec).map((pkg) => async () => {
        await this.preparePackage(pkg).catch((e: unknown) => fail(e, `Preparing package ${pkg.name}`));
      }),
    ]);
    await this.deleteSourceBlobs(jobs).catch((e: unknown) => fail(e, 'Failed removing job source blobs'));
  }

  async apply(spec: ApplySpec): Promise<void> {
    const jobs = specJobs(spec);
    const packages = specPackages(spec);
    await this.setUpJobDir();
    for (const job of jobs)
      await this.applyJob(job, packages).catch((e: unknown) => fail(e, `Applying job ${job.name}`));
    await this.deleteSourceBlobs(jobs).catch((e: unknown) => fail(e, 'Failed removing job source blobs'));
    await this.keepOnly(this.jobs, jobs.map(jobBundleDef), true).catch((e: unknown) =>
      fail(e, 'Keeping only needed jobs'),
    );
    for (const pkg of packages) {
      await this.applyPackage(this.packages, pkg).catch((e: unknown) =>
        fail(e, `Applying package ${pkg.name}`),
      );
    }
    await this.keepOnly(this.packages, packages.map(packageBundleDef), true).catch((e: unknown) =>
      fail(e, 'Keeping only needed packages'),
    );
    // RemoveAllJobs + Reload: no job is configured until `start` configures the spec's jobs.
    await this.deps.supervisor.reload([]).catch((e: unknown) => fail(e, 'Reloading jobSupervisor'));
  }

  /** The spec's jobs as the supervisor is told about them (ConfigureJobs: the last job gets index 0). */
  supervisedJobs(spec: ApplySpec): SupervisedJob[] {
    const jobs = specJobs(spec);
    return jobs.map((job, i) => ({
      name: job.name,
      dir: join(this.deps.dirs.jobs, job.name),
      index: jobs.length - 1 - i,
    }));
  }

  /** With `env.bosh.job_dir.tmpfs`, jobs are installed on a tmpfs: mounted before the first job is. */
  private async setUpJobDir(): Promise<void> {
    await this.jobDirTmpfs.ensureJobsDir().catch((e: unknown) => fail(e, 'Setting up the job directory'));
  }

  private async prepareJob(job: SpecJob): Promise<Bundle> {
    const bundle = this.jobs.get(jobBundleDef(job));
    if (await bundle.isInstalled()) return bundle;
    const file = await this.fetch(job.source, 'Getting job source from blobstore');
    try {
      await bundle
        .install(file, job.source.pathInArchive)
        .catch((e: unknown) => fail(e, 'Installing job bundle'));
      await fixJobPermissions(bundle.installPath).catch((e: unknown) =>
        fail(e, 'Fixing job bundle permissions'),
      );
    } finally {
      await this.cleanUp(file);
    }
    return bundle;
  }

  private async preparePackage(pkg: SpecPackage, collection = this.packages): Promise<Bundle> {
    const bundle = collection.get(packageBundleDef(pkg));
    if (await bundle.isInstalled()) return bundle;
    const file = await this.fetch(pkg.source, 'Fetching package blob');
    try {
      await bundle.install(file).catch((e: unknown) => fail(e, 'Installing package directory'));
    } finally {
      await this.cleanUp(file);
    }
    return bundle;
  }

  private async applyJob(job: SpecJob, packages: readonly SpecPackage[]): Promise<void> {
    const bundle = await this.prepareJob(job).catch((e: unknown) => fail(e, 'Preparing job'));
    const { dirs } = this.deps;
    try {
      for (const dir of [dirs.jobLogDir(job.name), dirs.jobRunDir(job.name), dirs.jobDataDir(job.name)]) {
        await mkdir(dir, { recursive: true, mode: 0o770 });
      }
    } catch (e) {
      fail(wrapError(e, 'Failed to create dir'), `Creating directories for job ${job.name}`);
    }
    await bundle.enable().catch((e: unknown) => fail(e, 'Enabling job'));
    const jobPackages = new BundleCollection(dirs.dataPackages, join(dirs.jobs, job.name, 'packages'), 0o755);
    for (const pkg of packages) {
      await this.applyPackage(jobPackages, pkg).catch((e: unknown) =>
        fail(e, `Applying package ${pkg.name} for job ${job.name}`),
      );
    }
    await this.keepOnly(jobPackages, packages.map(packageBundleDef), false).catch((e: unknown) =>
      fail(e, `Keeping only needed packages for job ${job.name}`),
    );
  }

  private async applyPackage(collection: BundleCollection, pkg: SpecPackage): Promise<void> {
    const bundle = await this.preparePackage(pkg, collection);
    await bundle.enable().catch((e: unknown) => fail(e, 'Enabling package'));
  }

  /** Disables (and, for the owning collection, uninstalls) every installed bundle not wanted. */
  private async keepOnly(
    collection: BundleCollection,
    wanted: readonly BundleDef[],
    owner: boolean,
  ): Promise<void> {
    const keep = new Set(wanted.map((d) => collection.get(d).installPath));
    for (const bundle of await collection.list()) {
      if (keep.has(bundle.installPath)) continue;
      await bundle.disable();
      if (owner) await bundle.uninstall();
    }
  }

  private async deleteSourceBlobs(jobs: readonly SpecJob[]): Promise<void> {
    for (const id of new Set(jobs.map((j) => j.source.blobstoreId))) await this.deps.blobstore.delete(id);
  }

  private async fetch(source: BlobSource, context: string): Promise<string> {
    try {
      return await this.deps.blobstore.get(source);
    } catch (e) {
      throw wrapError(e, context);
    }
  }

  private async cleanUp(file: string): Promise<void> {
    try {
      await this.deps.blobstore.cleanUp(file);
    } catch (e) {
      this.deps.logger.warn(TAG, `Failed to clean up blobstore blob: ${String(e)}`);
    }
  }
}

type BundleDef = { readonly name: string; readonly version: string };
const jobBundleDef = (job: SpecJob): BundleDef => ({
  name: job.name,
  version: bundleVersion(job.version, job.source.digest),
});
const packageBundleDef = (pkg: SpecPackage): BundleDef => ({
  name: pkg.name,
  version: bundleVersion(pkg.version, pkg.source.digest),
});

function fail(e: unknown, context: string): never {
  throw wrapError(e, context);
}
