import type { Kysely, Transaction } from 'kysely';
import type { NewReleaseVersion, ReleaseVersionRecord } from '../../ports/director-store.js';
import { compiledPackageRow, loadVersions, versionQuery } from './release-rows.js';
import { isUniqueViolation, jsonText, toDbBool } from './rows.js';
import type { Database } from './schema.js';

/** What `createVersion` throws when the version is stored already (BOSH's ReleaseAlreadyExists). */
export class ReleaseVersionExistsError extends Error {
  override readonly name = 'ReleaseVersionExistsError';

  constructor(
    readonly releaseName: string,
    readonly version: string,
  ) {
    super(`Release '${releaseName}/${version}' already exists`);
  }
}

/**
 * Stores a release version in one transaction: the release (when new), the version, its new packages and jobs,
 * links to the existing ones (which must be of the same release), and the compiled packages (one already stored
 * for the same package, stemcell and dependency key is kept). Nothing is stored when anything fails.
 */
export async function createReleaseVersion(
  db: Kysely<Database>,
  version: NewReleaseVersion,
): Promise<ReleaseVersionRecord> {
  try {
    return await db.transaction().execute((trx) => store(trx, version));
  } catch (e) {
    if (e instanceof ReleaseVersionExistsError || !isUniqueViolation(e)) throw e;
    // A concurrent upload of the same version won the race for the unique index.
    const exists = await db
      .selectFrom('release_versions')
      .innerJoin('releases', 'releases.id', 'release_versions.release_id')
      .select('release_versions.id')
      .where('releases.name', '=', version.name)
      .where('release_versions.version', '=', version.version)
      .executeTakeFirst();
    if (exists !== undefined) throw new ReleaseVersionExistsError(version.name, version.version);
    throw e;
  }
}

async function store(trx: Transaction<Database>, v: NewReleaseVersion): Promise<ReleaseVersionRecord> {
  await trx
    .insertInto('releases')
    .values({ name: v.name })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const release = await trx
    .selectFrom('releases')
    .select('id')
    .where('name', '=', v.name)
    .executeTakeFirstOrThrow();
  const existing = await trx
    .selectFrom('release_versions')
    .select('id')
    .where('release_id', '=', release.id)
    .where('version', '=', v.version)
    .executeTakeFirst();
  if (existing !== undefined) throw new ReleaseVersionExistsError(v.name, v.version);

  const row = await trx
    .insertInto('release_versions')
    .values({
      release_id: release.id,
      version: v.version,
      commit_hash: v.commitHash,
      uncommitted_changes: toDbBool(v.uncommittedChanges),
      update_completed: toDbBool(true),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const packageIds = new Map<string, number>(); // `${name} ${fingerprint}` → id, for the compiled packages
  for (const p of v.packages) {
    const stored =
      'existingId' in p
        ? await ownRow(trx, 'packages', p.existingId, release.id, v.name)
        : await trx
            .insertInto('packages')
            .values({
              release_id: release.id,
              name: p.name,
              version: p.version,
              blobstore_id: p.blobstoreId,
              sha1: p.sha1,
              fingerprint: p.fingerprint,
              dependency_set_json: jsonText(p.dependencies),
            })
            .returning(['id', 'name', 'fingerprint'])
            .executeTakeFirstOrThrow();
    if (packageIds.has(`${stored.name} ${stored.fingerprint}`)) continue;
    packageIds.set(`${stored.name} ${stored.fingerprint}`, stored.id);
    await trx
      .insertInto('packages_release_versions')
      .values({ package_id: stored.id, release_version_id: row.id })
      .execute();
  }

  const jobIds = new Set<number>();
  for (const j of v.jobs) {
    const stored =
      'existingId' in j
        ? await ownRow(trx, 'templates', j.existingId, release.id, v.name)
        : await trx
            .insertInto('templates')
            .values({
              release_id: release.id,
              name: j.name,
              version: j.version,
              blobstore_id: j.blobstoreId,
              sha1: j.sha1,
              fingerprint: j.fingerprint,
              package_names_json: jsonText(j.packageNames),
              spec_json: jsonText(j.spec),
            })
            .returning(['id', 'name', 'fingerprint'])
            .executeTakeFirstOrThrow();
    if (jobIds.has(stored.id)) continue;
    jobIds.add(stored.id);
    await trx
      .insertInto('release_versions_templates')
      .values({ template_id: stored.id, release_version_id: row.id })
      .execute();
  }

  for (const c of v.compiledPackages) {
    const packageId = packageIds.get(`${c.packageName} ${c.packageFingerprint}`);
    if (packageId === undefined) {
      throw new Error(
        `Compiled package '${c.packageName}' (fingerprint ${c.packageFingerprint}) is not a package of release '${v.name}/${v.version}'`,
      );
    }
    await trx
      .insertInto('compiled_packages')
      .values(compiledPackageRow({ ...c, packageId }))
      .onConflict((oc) =>
        oc.columns(['package_id', 'stemcell_os', 'stemcell_version', 'dependency_key_sha1']).doNothing(),
      )
      .execute();
  }

  const stored = await versionQuery(trx).where('release_versions.id', '=', row.id).execute();
  const [record] = await loadVersions(trx, stored);
  if (record === undefined) throw new Error(`Release version ${String(row.id)} vanished while being stored`);
  return record;
}

/** An existing package or job, which must belong to the release the version is added to. */
async function ownRow(
  trx: Transaction<Database>,
  table: 'packages' | 'templates',
  id: number,
  releaseId: number,
  releaseName: string,
): Promise<{ readonly id: number; readonly name: string; readonly fingerprint: string }> {
  const row = await trx
    .selectFrom(table)
    .select(['id', 'name', 'fingerprint'])
    .where('id', '=', id)
    .where('release_id', '=', releaseId)
    .executeTakeFirst();
  const what = table === 'packages' ? 'package' : 'job';
  if (row === undefined)
    throw new Error(`There is no ${what} with id ${String(id)} in release '${releaseName}'`);
  return row;
}
