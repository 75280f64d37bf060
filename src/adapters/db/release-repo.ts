import type { Kysely } from 'kysely';
import type {
  CompiledPackageRecord,
  JobRecord,
  NewReleaseVersion,
  PackageRecord,
  ReleaseRepo,
  ReleaseVersionRecord,
} from '../../ports/director-store.js';
import { createReleaseVersion } from './release-create.js';
import { deleteRelease } from './release-delete.js';
import {
  chunks,
  compiledPackageRow,
  loadVersions,
  toCompiledPackageRecord,
  toJobRecord,
  toPackageRecord,
  versionQuery,
} from './release-rows.js';
import type { Database } from './schema.js';

export class KyselyReleaseRepo implements ReleaseRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<
    Array<{ readonly name: string; readonly versions: readonly ReleaseVersionRecord[] }>
  > {
    const releases = await this.db.selectFrom('releases').select('name').orderBy('name').execute();
    const versions = await loadVersions(this.db, await versionQuery(this.db).execute());
    return releases.map(({ name }) => ({ name, versions: versions.filter((v) => v.releaseName === name) }));
  }

  async getVersion(name: string, version: string): Promise<ReleaseVersionRecord | undefined> {
    const rows = await versionQuery(this.db)
      .where('releases.name', '=', name)
      .where('release_versions.version', '=', version)
      .execute();
    return (await loadVersions(this.db, rows))[0];
  }

  async packagesByFingerprint(fingerprints: readonly string[]): Promise<PackageRecord[]> {
    const found: PackageRecord[] = [];
    for (const part of chunks([...new Set(fingerprints)])) {
      const rows = await this.db
        .selectFrom('packages')
        .selectAll()
        .where('fingerprint', 'in', part)
        .execute();
      found.push(...rows.map(toPackageRecord));
    }
    return found.sort((a, b) => a.id - b.id);
  }

  async jobsByFingerprint(releaseName: string, fingerprints: readonly string[]): Promise<JobRecord[]> {
    const found: JobRecord[] = [];
    for (const part of chunks([...new Set(fingerprints)])) {
      const rows = await this.db
        .selectFrom('templates')
        .innerJoin('releases', 'releases.id', 'templates.release_id')
        .selectAll('templates')
        .where('releases.name', '=', releaseName)
        .where('templates.fingerprint', 'in', part)
        .execute();
      found.push(...rows.map(toJobRecord));
    }
    return found.sort((a, b) => a.id - b.id);
  }

  /** Throws ReleaseVersionExistsError (`Release '<name>/<version>' already exists`) when the version is stored. */
  createVersion(version: NewReleaseVersion): Promise<ReleaseVersionRecord> {
    return createReleaseVersion(this.db, version);
  }

  async updatePackageBlob(id: number, blobstoreId: string, sha1: string): Promise<void> {
    await this.db
      .updateTable('packages')
      .set({ blobstore_id: blobstoreId, sha1 })
      .where('id', '=', id)
      .execute();
  }

  async updateJobBlob(id: number, blobstoreId: string, sha1: string): Promise<void> {
    await this.db
      .updateTable('templates')
      .set({ blobstore_id: blobstoreId, sha1 })
      .where('id', '=', id)
      .execute();
  }

  async compiledPackages(packageId: number): Promise<CompiledPackageRecord[]> {
    const rows = await this.db
      .selectFrom('compiled_packages')
      .selectAll()
      .where('package_id', '=', packageId)
      .orderBy('id')
      .execute();
    return rows.map(toCompiledPackageRecord);
  }

  delete(name: string, version: string | undefined): Promise<{ readonly orphanedBlobs: readonly string[] }> {
    return deleteRelease(this.db, name, version);
  }

  async deploymentsUsing(name: string, version: string | undefined): Promise<string[]> {
    let query = this.db
      .selectFrom('deployments')
      .innerJoin('deployments_release_versions as drv', 'drv.deployment_id', 'deployments.id')
      .innerJoin('release_versions as rv', 'rv.id', 'drv.release_version_id')
      .innerJoin('releases', 'releases.id', 'rv.release_id')
      .select('deployments.name')
      .distinct()
      .where('releases.name', '=', name)
      .orderBy('deployments.name');
    if (version !== undefined) query = query.where('rv.version', '=', version);
    return (await query.execute()).map((r) => r.name);
  }

  async createCompiledPackage(c: Omit<CompiledPackageRecord, 'id'>): Promise<CompiledPackageRecord> {
    const row = await this.db
      .insertInto('compiled_packages')
      .values(compiledPackageRow(c))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toCompiledPackageRecord(row);
  }

  async deleteCompiledPackage(id: number): Promise<void> {
    await this.db.deleteFrom('compiled_packages').where('id', '=', id).execute();
  }
}
