import { boshError } from '../../core/errors.js';
import type { Blobstore } from '../../ports/blobstore.js';
import type {
  DirectorStore,
  JobRecord,
  PackageRecord,
  ReleaseVersionRecord,
} from '../../ports/director-store.js';
import type { TaskContext, TaskJob } from '../tasks/task-context.js';
import { decodeDeleteReleasePayload } from './payloads.js';
import { formatReleaseVersion, parseReleaseVersion, toOldFormat } from './release-version.js';

export interface DeleteReleaseDeps {
  readonly store: DirectorStore;
  readonly blobstore: Blobstore;
}

interface Release {
  readonly name: string;
  readonly versions: readonly ReleaseVersionRecord[];
}

/**
 * The `delete_release` task (`delete release: <name>`, bosh-director `Jobs::DeleteRelease`), holding
 * `lock:release:<name>` (10 s): a whole release, or one version (`version`, also found in the other version
 * format). A release or version a deployment uses is never deleted (ReleaseInUse `Release 'x' is still in use by:
 * a, b` / ReleaseVersionInUse `ReleaseVersion 'x/1' is still in use by: a`); `force` only ignores blobstore errors.
 * Stages `Deleting packages`, `Deleting jobs` (task `name/version`, deleting the blobs of packages, their compiled
 * packages and jobs no other version uses) and, for a whole release, `Deleting release versions` (task
 * `<release>/<version>`). Result `/release/<name>`, as BOSH words it.
 */
export function deleteReleaseJob(deps: DeleteReleaseDeps): TaskJob {
  return async (ctx, raw) => {
    const { name, version, force } = decodeDeleteReleasePayload(raw);
    ctx.debug('Processing delete release');
    await ctx.withLock(`lock:release:${name}`, 10, async () => {
      const release = await findRelease(deps, ctx, name);
      const deleter = new Deleter(deps, ctx, force);
      if (version === undefined) await deleter.deleteRelease(release);
      else await deleter.deleteVersion(release, findVersion(release, version));
    });
    return `/release/${name}`;
  };
}

/**
 * `NameVersionReleaseDeleter#find_and_delete_release(name, version, false)`: how `clean-up` deletes an unused
 * version (its caller holds the release's lock), with the `Deleting packages` and `Deleting jobs` stages.
 */
export async function deleteReleaseVersion(
  deps: DeleteReleaseDeps,
  ctx: TaskContext,
  name: string,
  version: string,
): Promise<void> {
  const release = await findRelease(deps, ctx, name);
  await new Deleter(deps, ctx, false).deleteVersion(release, findVersion(release, version));
}

/** `ReleaseManager#find_by_name`, logged as the deleters do. */
async function findRelease(deps: DeleteReleaseDeps, ctx: TaskContext, name: string): Promise<Release> {
  ctx.debug(`Looking up release: ${name}`);
  const release = (await deps.store.releases.list()).find((r) => r.name === name);
  if (release === undefined) throw boshError('ReleaseNotFound', `Release '${name}' doesn't exist`);
  return release;
}

/** `ReleaseManager#find_version`: the version as given, else in the other format (`1+dev.2` / `1.2-dev`). */
function findVersion(release: Release, version: string): ReleaseVersionRecord {
  const byVersion = (v: string | undefined): ReleaseVersionRecord | undefined =>
    v === undefined ? undefined : release.versions.find((rv) => rv.version === v);
  let found = byVersion(version);
  if (found === undefined) {
    let formatted: string;
    try {
      formatted = formatReleaseVersion(parseReleaseVersion(version));
    } catch {
      throw boshError('ReleaseVersionInvalid', `Release version invalid: ${version}`);
    }
    found = byVersion(version === formatted ? toOldFormat(formatted) : formatted);
  }
  if (found === undefined) {
    throw boshError('ReleaseVersionNotFound', `Release version '${release.name}/${version}' doesn't exist`);
  }
  return found;
}

class Deleter {
  private readonly deleted = new Set<string>();

  constructor(
    private readonly deps: DeleteReleaseDeps,
    private readonly ctx: TaskContext,
    private readonly force: boolean,
  ) {}

  /** `ReleaseDeleter#delete`. */
  async deleteRelease(release: Release): Promise<void> {
    this.ctx.debug('Checking for any deployments still using the release');
    const deployments = await this.deps.store.releases.deploymentsUsing(release.name, undefined);
    if (deployments.length > 0) {
      throw boshError(
        'ReleaseInUse',
        `Release '${release.name}' is still in use by: ${deployments.join(', ')}`,
      );
    }
    const all = release.versions;
    await this.deleteBlobs(unique(all.flatMap((v) => v.packages)), unique(all.flatMap((v) => v.jobs)));
    const stage = this.ctx.events.beginStage('Deleting release versions', all.length);
    // The store deletes every version in one transaction: in the first version's task.
    if (all.length === 0) await this.deleteFromStore(release.name, undefined);
    for (const [i, v] of all.entries()) {
      await stage.advanceAndTrack(`${release.name}/${v.version}`, async () => {
        if (i === 0) await this.deleteFromStore(release.name, undefined);
      });
    }
  }

  /** `ReleaseVersionDeleter#delete`: packages and jobs only this version has go with it. */
  async deleteVersion(release: Release, version: ReleaseVersionRecord): Promise<void> {
    this.ctx.debug('Checking for any deployments still using this particular release version');
    const deployments = await this.deps.store.releases.deploymentsUsing(release.name, version.version);
    if (deployments.length > 0) {
      throw boshError(
        'ReleaseVersionInUse',
        `ReleaseVersion '${release.name}/${version.version}' is still in use by: ${deployments.join(', ')}`,
      );
    }
    const others = release.versions.filter((v) => v.id !== version.id);
    const packageIds = new Set(others.flatMap((v) => v.packages.map((p) => p.id)));
    const jobIds = new Set(others.flatMap((v) => v.jobs.map((j) => j.id)));
    await this.deleteBlobs(
      version.packages.filter((p) => !packageIds.has(p.id)),
      version.jobs.filter((j) => !jobIds.has(j.id)),
    );
    await this.deleteFromStore(release.name, version.version);
    if (others.length === 0 && (await this.deps.store.releases.list()).some((r) => r.name === release.name)) {
      await this.deleteFromStore(release.name, undefined);
    }
  }

  private async deleteBlobs(packages: readonly PackageRecord[], jobs: readonly JobRecord[]): Promise<void> {
    const packageStage = this.ctx.events.beginStage('Deleting packages', packages.length);
    for (const p of packages) {
      await packageStage.advanceAndTrack(`${p.name}/${p.version}`, async () => {
        this.ctx.debug(`Deleting package ${p.name}/${p.version}`);
        for (const c of await this.deps.store.releases.compiledPackages(p.id))
          await this.deleteBlob(c.blobstoreId);
        if (p.blobstoreId !== null) await this.deleteBlob(p.blobstoreId);
      });
    }
    const jobStage = this.ctx.events.beginStage('Deleting jobs', jobs.length);
    for (const j of jobs) {
      await jobStage.advanceAndTrack(`${j.name}/${j.version}`, async () => {
        this.ctx.debug(`Deleting job: ${j.name}/${j.version}`);
        await this.deleteBlob(j.blobstoreId);
      });
    }
  }

  private async deleteBlob(id: string): Promise<void> {
    try {
      await this.deps.blobstore.delete(id);
      this.deleted.add(id);
    } catch (e) {
      this.ctx.debug(`Failed to delete blob ${id}: ${e instanceof Error ? e.message : String(e)}`);
      if (!this.force) throw e;
    }
  }

  /** The DB rows in one transaction, then any blob the store reports orphaned that is still there. */
  private async deleteFromStore(name: string, version: string | undefined): Promise<void> {
    const { orphanedBlobs } = await this.deps.store.releases.delete(name, version);
    for (const id of orphanedBlobs) {
      if (this.deleted.has(id)) continue;
      try {
        await this.deps.blobstore.delete(id);
      } catch (e) {
        this.ctx.debug(`Failed to delete blob ${id}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}

function unique<T extends { readonly id: number }>(records: readonly T[]): T[] {
  return [...new Map(records.map((r) => [r.id, r])).values()];
}
