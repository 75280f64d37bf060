import type { Insertable, Kysely, Selectable } from 'kysely';
import type {
  CompiledPackageRecord,
  JobRecord,
  PackageRecord,
  ReleaseVersionRecord,
} from '../../ports/director-store.js';
import { fromDbBool, jsonObject, jsonStrings } from './rows.js';
import type {
  CompiledPackagesTable,
  Database,
  PackagesTable,
  ReleaseVersionsTable,
  TemplatesTable,
} from './schema.js';

export type VersionRow = Selectable<ReleaseVersionsTable> & { readonly release_name: string };

export function toPackageRecord(row: Selectable<PackagesTable>): PackageRecord {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    blobstoreId: row.blobstore_id,
    sha1: row.sha1,
    fingerprint: row.fingerprint,
    dependencies: jsonStrings(row.dependency_set_json, 'packages.dependency_set_json'),
  };
}

export function toJobRecord(row: Selectable<TemplatesTable>): JobRecord {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    blobstoreId: row.blobstore_id,
    sha1: row.sha1,
    fingerprint: row.fingerprint,
    packageNames: jsonStrings(row.package_names_json, 'templates.package_names_json'),
    spec: jsonObject(row.spec_json, 'templates.spec_json'),
  };
}

export function toCompiledPackageRecord(row: Selectable<CompiledPackagesTable>): CompiledPackageRecord {
  return {
    id: row.id,
    packageId: row.package_id,
    stemcellOs: row.stemcell_os,
    stemcellVersion: row.stemcell_version,
    build: row.build,
    dependencyKey: row.dependency_key,
    dependencyKeySha1: row.dependency_key_sha1,
    blobstoreId: row.blobstore_id,
    sha1: row.sha1,
  };
}

/** The `compiled_packages` row to insert for a compiled package. */
export function compiledPackageRow(c: Omit<CompiledPackageRecord, 'id'>): Insertable<CompiledPackagesTable> {
  return {
    package_id: c.packageId,
    stemcell_os: c.stemcellOs,
    stemcell_version: c.stemcellVersion,
    build: c.build,
    dependency_key: c.dependencyKey,
    dependency_key_sha1: c.dependencyKeySha1,
    blobstore_id: c.blobstoreId,
    sha1: c.sha1,
  };
}

/** Splits a list for `IN (...)` so that no statement has more parameters than SQLite and PostgreSQL allow. */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Release versions (joined with their release's name), oldest first within a release. */
export function versionQuery(db: Kysely<Database>) {
  return db
    .selectFrom('release_versions')
    .innerJoin('releases', 'releases.id', 'release_versions.release_id')
    .selectAll('release_versions')
    .select('releases.name as release_name')
    .orderBy('releases.name')
    .orderBy('release_versions.id');
}

function push<T>(map: Map<number, T[]>, key: number, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** The versions as records, each with its packages and jobs (by name). */
export async function loadVersions(
  db: Kysely<Database>,
  versions: readonly VersionRow[],
): Promise<ReleaseVersionRecord[]> {
  const packagesOf = new Map<number, PackageRecord[]>();
  const jobsOf = new Map<number, JobRecord[]>();
  for (const ids of chunks(versions.map((v) => v.id))) {
    const packages = await db
      .selectFrom('packages_release_versions as prv')
      .innerJoin('packages', 'packages.id', 'prv.package_id')
      .selectAll('packages')
      .select('prv.release_version_id')
      .where('prv.release_version_id', 'in', ids)
      .orderBy('packages.name')
      .orderBy('packages.id')
      .execute();
    for (const row of packages) push(packagesOf, row.release_version_id, toPackageRecord(row));
    const jobs = await db
      .selectFrom('release_versions_templates as rvt')
      .innerJoin('templates', 'templates.id', 'rvt.template_id')
      .selectAll('templates')
      .select('rvt.release_version_id')
      .where('rvt.release_version_id', 'in', ids)
      .orderBy('templates.name')
      .orderBy('templates.id')
      .execute();
    for (const row of jobs) push(jobsOf, row.release_version_id, toJobRecord(row));
  }
  return versions.map((v) => ({
    id: v.id,
    releaseName: v.release_name,
    version: v.version,
    commitHash: v.commit_hash,
    uncommittedChanges: fromDbBool(v.uncommitted_changes),
    updateCompleted: fromDbBool(v.update_completed),
    packages: packagesOf.get(v.id) ?? [],
    jobs: jobsOf.get(v.id) ?? [],
  }));
}
