import type { Kysely, Updateable } from 'kysely';
import type { NewVm, OrphanedVmRecord, VmRecord, VmRepo } from '../../ports/director-store.js';
import { objectText, toOrphanedVm, toVm } from './deploy-rows.js';
import { toDbBool } from './rows.js';
import type { Database } from './schema.js';
import type { VmsTable } from './schema-deploy.js';

type VmChanges = Parameters<VmRepo['update']>[1];

function changesRow(c: VmChanges): Updateable<VmsTable> {
  return {
    ...(c.cid === undefined ? {} : { cid: c.cid }),
    ...(c.cpi === undefined ? {} : { cpi: c.cpi }),
    ...(c.createdAt === undefined ? {} : { created_at: c.createdAt }),
    ...(c.networkSpec === undefined ? {} : { network_spec_json: objectText(c.networkSpec) }),
    ...(c.stemcellName === undefined ? {} : { stemcell_name: c.stemcellName }),
    ...(c.stemcellVersion === undefined ? {} : { stemcell_version: c.stemcellVersion }),
    ...(c.stemcellApiVersion === undefined ? {} : { stemcell_api_version: c.stemcellApiVersion }),
    ...(c.env === undefined ? {} : { env_json: objectText(c.env) }),
    ...(c.cloudProperties === undefined ? {} : { cloud_properties_json: objectText(c.cloudProperties) }),
  };
}

export class KyselyVmRepo implements VmRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(vm: NewVm): Promise<VmRecord> {
    const row = await this.db
      .insertInto('vms')
      .values({
        instance_id: vm.instanceId,
        agent_id: vm.agentId,
        cid: vm.cid,
        active: toDbBool(vm.active ?? false),
        cpi: vm.cpi ?? '',
        created_at: vm.createdAt ?? null,
        network_spec_json: objectText(vm.networkSpec),
        stemcell_name: vm.stemcellName ?? null,
        stemcell_version: vm.stemcellVersion ?? null,
        stemcell_api_version: vm.stemcellApiVersion ?? null,
        env_json: objectText(vm.env),
        cloud_properties_json: objectText(vm.cloudProperties),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toVm(row);
  }

  async get(id: number): Promise<VmRecord | undefined> {
    const row = await this.db.selectFrom('vms').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toVm(row);
  }

  async update(id: number, changes: VmChanges): Promise<VmRecord> {
    return this.db.transaction().execute(async (trx) => {
      const set = changesRow(changes);
      if (Object.keys(set).length > 0) await trx.updateTable('vms').set(set).where('id', '=', id).execute();
      const row = await trx.selectFrom('vms').selectAll().where('id', '=', id).executeTakeFirst();
      if (row === undefined) throw new Error(`VM ${String(id)} does not exist`);
      return toVm(row);
    });
  }

  async activate(id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const vm = await trx.selectFrom('vms').select('instance_id').where('id', '=', id).executeTakeFirst();
      if (vm === undefined) throw new Error(`VM ${String(id)} does not exist`);
      await trx
        .updateTable('vms')
        .set({ active: 0 })
        .where('instance_id', '=', vm.instance_id)
        .where('id', '<>', id)
        .execute();
      await trx.updateTable('vms').set({ active: 1 }).where('id', '=', id).execute();
    });
  }

  async delete(id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('ip_addresses').set({ vm_id: null }).where('vm_id', '=', id).execute();
      await trx.deleteFrom('vms').where('id', '=', id).execute();
    });
  }

  async orphan(id: number, now: number): Promise<OrphanedVmRecord> {
    return this.db.transaction().execute(async (trx) => {
      const vm = await trx
        .selectFrom('vms')
        .innerJoin('instances as i', 'i.id', 'vms.instance_id')
        .innerJoin('deployments as d', 'd.id', 'i.deployment_id')
        .selectAll('vms')
        .select(['i.job', 'i.uuid', 'i.availability_zone', 'd.name as deployment_name'])
        .where('vms.id', '=', id)
        .executeTakeFirst();
      if (vm === undefined) throw new Error(`VM ${String(id)} does not exist`);
      if (vm.cid === null) throw new Error(`VM ${String(id)} has no cid: there is nothing to orphan`);
      const orphan = await trx
        .insertInto('orphaned_vms')
        .values({
          cid: vm.cid,
          availability_zone: vm.availability_zone,
          cloud_properties: vm.cloud_properties_json,
          cpi: vm.cpi,
          orphaned_at: Math.floor(now),
          stemcell_api_version: vm.stemcell_api_version,
          deployment_name: vm.deployment_name,
          instance_name: `${vm.job}/${vm.uuid}`,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('ip_addresses')
        .set({ orphaned_vm_id: orphan.id, instance_id: null, vm_id: null })
        .where('vm_id', '=', id)
        .execute();
      await trx.deleteFrom('vms').where('id', '=', id).execute();
      return toOrphanedVm(orphan);
    });
  }

  async orphaned(): Promise<OrphanedVmRecord[]> {
    const rows = await this.db.selectFrom('orphaned_vms').selectAll().orderBy('id', 'desc').execute();
    return rows.map(toOrphanedVm);
  }

  async deleteOrphaned(id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('ip_addresses').where('orphaned_vm_id', '=', id).execute();
      await trx.deleteFrom('orphaned_vms').where('id', '=', id).execute();
    });
  }
}
