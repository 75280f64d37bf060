import type { Kysely, Transaction } from 'kysely';
import { chunks } from './release-rows.js';
import type { Database } from './schema.js';

/**
 * Deletes a release version (or every version of the release) in one transaction: its links to packages, jobs and
 * deployments, then the packages and jobs no version uses any more with their compiled packages, then the release
 * when no version is left. Returns the blobstore ids of the deleted rows that no remaining row refers to.
 */
export async function deleteRelease(
  db: Kysely<Database>,
  name: string,
  version: string | undefined,
): Promise<{ readonly orphanedBlobs: readonly string[] }> {
  return db.transaction().execute(async (trx) => {
    const release = await trx.selectFrom('releases').select('id').where('name', '=', name).executeTakeFirst();
    if (release === undefined) return { orphanedBlobs: [] };
    let versions = trx.selectFrom('release_versions').select('id').where('release_id', '=', release.id);
    if (version !== undefined) versions = versions.where('version', '=', version);
    const versionIds = (await versions.execute()).map((r) => r.id);
    if (versionIds.length === 0) return { orphanedBlobs: [] };

    const packageIds = new Set<number>();
    const jobIds = new Set<number>();
    for (const ids of chunks(versionIds)) {
      const packages = await trx
        .selectFrom('packages_release_versions')
        .select('package_id')
        .where('release_version_id', 'in', ids)
        .execute();
      for (const p of packages) packageIds.add(p.package_id);
      const jobs = await trx
        .selectFrom('release_versions_templates')
        .select('template_id')
        .where('release_version_id', 'in', ids)
        .execute();
      for (const j of jobs) jobIds.add(j.template_id);
      await trx.deleteFrom('packages_release_versions').where('release_version_id', 'in', ids).execute();
      await trx.deleteFrom('release_versions_templates').where('release_version_id', 'in', ids).execute();
      await trx.deleteFrom('deployments_release_versions').where('release_version_id', 'in', ids).execute();
      await trx.deleteFrom('release_versions').where('id', 'in', ids).execute();
    }

    const blobs: string[] = [];
    for (const ids of chunks([...packageIds])) {
      const unused = await trx
        .selectFrom('packages')
        .select(['id', 'blobstore_id'])
        .where('id', 'in', ids)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('packages_release_versions as prv')
                .select('prv.package_id')
                .whereRef('prv.package_id', '=', 'packages.id'),
            ),
          ),
        )
        .execute();
      if (unused.length === 0) continue;
      const unusedIds = unused.map((p) => p.id);
      const compiled = await trx
        .selectFrom('compiled_packages')
        .select('blobstore_id')
        .where('package_id', 'in', unusedIds)
        .execute();
      blobs.push(...unused.flatMap((p) => (p.blobstore_id === null ? [] : [p.blobstore_id])));
      blobs.push(...compiled.map((c) => c.blobstore_id));
      await trx.deleteFrom('compiled_packages').where('package_id', 'in', unusedIds).execute();
      await trx.deleteFrom('packages').where('id', 'in', unusedIds).execute();
    }
    for (const ids of chunks([...jobIds])) {
      const unused = await trx
        .selectFrom('templates')
        .select(['id', 'blobstore_id'])
        .where('id', 'in', ids)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('release_versions_templates as rvt')
                .select('rvt.template_id')
                .whereRef('rvt.template_id', '=', 'templates.id'),
            ),
          ),
        )
        .execute();
      if (unused.length === 0) continue;
      blobs.push(...unused.map((t) => t.blobstore_id));
      await trx
        .deleteFrom('templates')
        .where(
          'id',
          'in',
          unused.map((t) => t.id),
        )
        .execute();
    }

    const left = await trx
      .selectFrom('release_versions')
      .select('id')
      .where('release_id', '=', release.id)
      .executeTakeFirst();
    if (left === undefined) blobs.push(...(await deleteReleaseRow(trx, release.id)));
    return { orphanedBlobs: await unreferenced(trx, [...new Set(blobs)]) };
  });
}

/** The release row, with any package or job of it that no version uses (there should be none); their blobs. */
async function deleteReleaseRow(trx: Transaction<Database>, releaseId: number): Promise<string[]> {
  const packages = trx.selectFrom('packages').select('id').where('release_id', '=', releaseId);
  const blobs = [
    ...(await trx
      .selectFrom('compiled_packages')
      .select('blobstore_id')
      .where('package_id', 'in', packages)
      .execute()),
    ...(await trx
      .selectFrom('packages')
      .select('blobstore_id')
      .where('release_id', '=', releaseId)
      .execute()),
    ...(await trx
      .selectFrom('templates')
      .select('blobstore_id')
      .where('release_id', '=', releaseId)
      .execute()),
  ].flatMap((r) => (r.blobstore_id === null ? [] : [r.blobstore_id]));
  await trx.deleteFrom('compiled_packages').where('package_id', 'in', packages).execute();
  await trx.deleteFrom('packages').where('release_id', '=', releaseId).execute();
  await trx.deleteFrom('templates').where('release_id', '=', releaseId).execute();
  await trx.deleteFrom('releases').where('id', '=', releaseId).execute();
  return blobs;
}

/** The blobs no package, job or compiled package still refers to. */
async function unreferenced(trx: Transaction<Database>, blobs: readonly string[]): Promise<string[]> {
  const used = new Set<string>();
  for (const ids of chunks(blobs)) {
    for (const table of ['packages', 'templates', 'compiled_packages'] as const) {
      const rows = await trx
        .selectFrom(table)
        .select('blobstore_id')
        .where('blobstore_id', 'in', ids)
        .execute();
      for (const r of rows) if (r.blobstore_id !== null) used.add(r.blobstore_id);
    }
  }
  return blobs.filter((b) => !used.has(b));
}
