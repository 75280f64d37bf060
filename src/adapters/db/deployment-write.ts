import type { Kysely, Transaction } from 'kysely';
import type { DeploymentRecord, DeploymentUpdate } from '../../ports/director-store.js';
import type { Database } from './schema.js';

export async function findOrCreateDeployment(db: Kysely<Database>, name: string): Promise<DeploymentRecord> {
  // A concurrent deploy may insert the same name first: the insert then does nothing and the select finds it.
  await db
    .insertInto('deployments')
    .values({ name, manifest_text: '' })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('deployments')
    .select(['id', 'name', 'manifest_text'])
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, manifestText: row.manifest_text };
}

export async function updateDeployment(
  db: Kysely<Database>,
  id: number,
  update: DeploymentUpdate,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('deployments')
      .set({
        manifest_text: update.manifestText,
        ...(update.linksSerialId === undefined ? {} : { links_serial_id: update.linksSerialId }),
      })
      .where('id', '=', id)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new Error(`Deployment ${String(id)} does not exist`);
    await trx.deleteFrom('deployments_release_versions').where('deployment_id', '=', id).execute();
    await trx.deleteFrom('deployments_stemcells').where('deployment_id', '=', id).execute();
    await trx.deleteFrom('deployments_configs').where('deployment_id', '=', id).execute();
    const unique = (ids: readonly number[]) => [...new Set(ids)];
    const releaseVersions = unique(update.releaseVersionIds);
    const stemcells = unique(update.stemcellIds);
    const configs = unique(update.configIds);
    if (releaseVersions.length > 0) {
      await trx
        .insertInto('deployments_release_versions')
        .values(releaseVersions.map((v) => ({ deployment_id: id, release_version_id: v })))
        .execute();
    }
    if (stemcells.length > 0) {
      await trx
        .insertInto('deployments_stemcells')
        .values(stemcells.map((s) => ({ deployment_id: id, stemcell_id: s })))
        .execute();
    }
    if (configs.length > 0) {
      await trx
        .insertInto('deployments_configs')
        .values(configs.map((c) => ({ deployment_id: id, config_id: c })))
        .execute();
    }
  });
}

/**
 * Deletes the rows of these instances: IP reservations, VMs, persistent disks, rendered templates archives, the
 * instances. Foreign keys decide the order. Orphaned disks and VMs (and the IPs they hold) are not theirs.
 */
export async function deleteInstanceRows(trx: Transaction<Database>, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  const vmIds = trx.selectFrom('vms').select('id').where('instance_id', 'in', ids);
  await trx.deleteFrom('ip_addresses').where('instance_id', 'in', ids).execute();
  await trx.deleteFrom('ip_addresses').where('vm_id', 'in', vmIds).execute();
  await trx.deleteFrom('vms').where('instance_id', 'in', ids).execute();
  await trx.deleteFrom('persistent_disks').where('instance_id', 'in', ids).execute();
  await trx.deleteFrom('rendered_templates_archives').where('instance_id', 'in', ids).execute();
  await trx.deleteFrom('instances').where('id', 'in', ids).execute();
}

export async function deleteDeployment(db: Kysely<Database>, name: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const d = await trx.selectFrom('deployments').select('id').where('name', '=', name).executeTakeFirst();
    if (d === undefined) return false;
    const instances = await trx
      .selectFrom('instances')
      .select('id')
      .where('deployment_id', '=', d.id)
      .execute();
    await deleteInstanceRows(
      trx,
      instances.map((i) => i.id),
    );
    const setIds = trx.selectFrom('variable_sets').select('id').where('deployment_id', '=', d.id);
    await trx.deleteFrom('variables').where('variable_set_id', 'in', setIds).execute();
    await trx.deleteFrom('variable_sets').where('deployment_id', '=', d.id).execute();
    await trx.deleteFrom('deployments_release_versions').where('deployment_id', '=', d.id).execute();
    await trx.deleteFrom('deployments_stemcells').where('deployment_id', '=', d.id).execute();
    await trx.deleteFrom('deployments_configs').where('deployment_id', '=', d.id).execute();
    await trx.deleteFrom('deployments').where('id', '=', d.id).execute();
    return true;
  });
}
