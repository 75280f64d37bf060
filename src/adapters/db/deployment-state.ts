import type { Kysely, Transaction } from 'kysely';
import type { DeploymentState, InstanceSnapshot } from '../../ports/director-store.js';
import type { DbDialect } from './connect.js';
import { toArchive, toDisk, toInstance, toIp, toVariableSet, toVm } from './deploy-rows.js';
import type { Database } from './schema.js';

function byInstance<T extends { readonly instanceId: number | null }>(rows: readonly T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    if (row.instanceId === null) continue;
    const list = map.get(row.instanceId) ?? [];
    list.push(row);
    map.set(row.instanceId, list);
  }
  return map;
}

/**
 * The deployment with its instances (by group, then index), each with its VMs, disks, IPs and newest rendered
 * templates, read in one transaction (PostgreSQL: repeatable read, so every query sees the same snapshot).
 */
export async function readDeploymentState(
  db: Kysely<Database>,
  dialect: DbDialect,
  name: string,
): Promise<DeploymentState | undefined> {
  const trx = db.transaction();
  return (dialect === 'postgres' ? trx.setIsolationLevel('repeatable read') : trx).execute((t) =>
    read(t, name),
  );
}

async function read(trx: Transaction<Database>, name: string): Promise<DeploymentState | undefined> {
  const d = await trx.selectFrom('deployments').selectAll().where('name', '=', name).executeTakeFirst();
  if (d === undefined) return undefined;
  const ofDeployment = (id: number) =>
    trx.selectFrom('instances').select('instances.id').where('instances.deployment_id', '=', id);
  const [releases, stemcells, configs, instances, vms, disks, ips, archives, sets] = await Promise.all([
    trx
      .selectFrom('deployments_release_versions')
      .select('release_version_id as id')
      .where('deployment_id', '=', d.id)
      .orderBy('release_version_id')
      .execute(),
    trx
      .selectFrom('deployments_stemcells')
      .select('stemcell_id as id')
      .where('deployment_id', '=', d.id)
      .orderBy('stemcell_id')
      .execute(),
    trx
      .selectFrom('deployments_configs')
      .select('config_id as id')
      .where('deployment_id', '=', d.id)
      .orderBy('config_id')
      .execute(),
    trx
      .selectFrom('instances')
      .selectAll()
      .where('deployment_id', '=', d.id)
      .orderBy('job')
      .orderBy('index')
      .orderBy('id')
      .execute(),
    trx.selectFrom('vms').selectAll().where('instance_id', 'in', ofDeployment(d.id)).orderBy('id').execute(),
    trx
      .selectFrom('persistent_disks')
      .selectAll()
      .where('instance_id', 'in', ofDeployment(d.id))
      .orderBy('id')
      .execute(),
    trx
      .selectFrom('ip_addresses')
      .selectAll()
      .where('instance_id', 'in', ofDeployment(d.id))
      .orderBy('address_str')
      .execute(),
    trx
      .selectFrom('rendered_templates_archives')
      .selectAll()
      .where('instance_id', 'in', ofDeployment(d.id))
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    trx
      .selectFrom('variable_sets')
      .selectAll()
      .where('deployment_id', '=', d.id)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute(),
  ]);
  const vmsOf = byInstance(vms.map(toVm));
  const disksOf = byInstance(disks.map(toDisk));
  const ipsOf = byInstance(ips.map(toIp));
  const newestArchive = new Map(archives.map((a) => [a.instance_id, toArchive(a)]));
  const variableSets = sets.map(toVariableSet);
  return {
    id: d.id,
    name: d.name,
    manifestText: d.manifest_text,
    linksSerialId: d.links_serial_id,
    releaseVersionIds: releases.map((r) => r.id),
    stemcellIds: stemcells.map((s) => s.id),
    configIds: configs.map((c) => c.id),
    instances: instances.map((row): InstanceSnapshot => {
      const instanceVms = vmsOf.get(row.id) ?? [];
      return {
        ...toInstance(row),
        activeVm: instanceVms.find((vm) => vm.active) ?? null,
        vms: instanceVms,
        disks: disksOf.get(row.id) ?? [],
        ips: ipsOf.get(row.id) ?? [],
        renderedTemplates: newestArchive.get(row.id) ?? null,
      };
    }),
    currentVariableSet: variableSets[0] ?? null,
    lastSuccessfulVariableSet: variableSets.find((s) => s.deployedSuccessfully) ?? null,
  };
}
