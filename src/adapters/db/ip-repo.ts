import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type {
  IpAddressRecord,
  IpAddressWithOwner,
  IpRepo,
  NewIpReservation,
} from '../../ports/director-store.js';
import { toIp } from './deploy-rows.js';
import { changed, toDbBool, wholeSeconds } from './rows.js';
import type { Database } from './schema.js';

/** What `ips.reserve` throws when someone else holds an address (BOSH's NetworkReservationAlreadyInUse). */
export class IpAlreadyReservedError extends Error {
  override readonly name = 'IpAlreadyReservedError';

  constructor(
    readonly address: string,
    readonly instanceName: string,
    /** The holder; undefined when an orphaned VM holds it. */
    readonly holder: { readonly instanceName: string; readonly deploymentName: string } | undefined,
  ) {
    super(
      `Failed to reserve IP '${address}' for instance '${instanceName}': ` +
        (holder === undefined
          ? 'already reserved by orphaned instance'
          : `already reserved by instance '${holder.instanceName}' from deployment '${holder.deploymentName}'`),
    );
  }
}

async function instanceName(trx: Transaction<Database>, id: number): Promise<string> {
  const row = await trx
    .selectFrom('instances')
    .select(['job', 'uuid'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw new Error(`Instance ${String(id)} does not exist`);
  return `${row.job}/${row.uuid}`;
}

/**
 * The address's row inserted, or undefined when someone holds it. ON CONFLICT DO NOTHING: a PostgreSQL transaction
 * survives the conflict, and a concurrent insert of the same address waits for the other transaction, then sees
 * its row.
 */
function insertIfFree(
  db: Kysely<Database>,
  row: Insertable<Database['ip_addresses']>,
): Promise<Selectable<Database['ip_addresses']> | undefined> {
  return db
    .insertInto('ip_addresses')
    .values(row)
    .onConflict((oc) => oc.column('address_str').doNothing())
    .returningAll()
    .executeTakeFirst();
}

async function reserveOne(trx: Transaction<Database>, r: NewIpReservation): Promise<IpAddressRecord> {
  const requester = await instanceName(trx, r.instanceId);
  const inserted = await insertIfFree(trx, {
    network_name: r.networkName,
    address_str: r.address,
    static: toDbBool(r.static),
    instance_id: r.instanceId,
    vm_id: r.vmId ?? null,
    created_at: wholeSeconds(r.createdAt),
    task_id: r.taskId ?? null,
    nic_group: r.nicGroup ?? null,
  });
  if (inserted !== undefined) return toIp(inserted);
  const held = await trx
    .selectFrom('ip_addresses as ip')
    .leftJoin('instances as i', 'i.id', 'ip.instance_id')
    .leftJoin('deployments as d', 'd.id', 'i.deployment_id')
    .selectAll('ip')
    .select(['i.job', 'i.uuid', 'd.name as deployment_name'])
    .where('ip.address_str', '=', r.address)
    .executeTakeFirstOrThrow();
  if (held.instance_id === r.instanceId) {
    const row = await trx
      .updateTable('ip_addresses')
      .set({ static: toDbBool(r.static), network_name: r.networkName })
      .where('id', '=', held.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toIp(row);
  }
  const holder =
    held.job === null || held.uuid === null || held.deployment_name === null
      ? undefined
      : { instanceName: `${held.job}/${held.uuid}`, deploymentName: held.deployment_name };
  throw new IpAlreadyReservedError(r.address, requester, holder);
}

export class KyselyIpRepo implements IpRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async reserve(reservations: readonly NewIpReservation[]): Promise<IpAddressRecord[]> {
    return this.db.transaction().execute(async (trx) => {
      const records: IpAddressRecord[] = [];
      for (const r of reservations) records.push(await reserveOne(trx, r));
      return records;
    });
  }

  async list(filter: {
    readonly networkName?: string;
    readonly instanceId?: number;
  }): Promise<IpAddressRecord[]> {
    let query = this.db.selectFrom('ip_addresses').selectAll();
    if (filter.networkName !== undefined) query = query.where('network_name', '=', filter.networkName);
    if (filter.instanceId !== undefined) query = query.where('instance_id', '=', filter.instanceId);
    const rows = await query.orderBy('address_str').execute();
    return rows.map(toIp);
  }

  async listWithOwners(): Promise<IpAddressWithOwner[]> {
    const rows = await this.db
      .selectFrom('ip_addresses as ip')
      .leftJoin('instances as i', 'i.id', 'ip.instance_id')
      .leftJoin('deployments as d', 'd.id', 'i.deployment_id')
      .selectAll('ip')
      .select(['i.job', 'i.uuid', 'd.id as deployment_id', 'd.name as deployment_name'])
      .orderBy('ip.address_str')
      .execute();
    return rows.map((row) => {
      const { job, uuid, deployment_id, deployment_name, ...ip } = row;
      const owner =
        job === null || uuid === null || deployment_id === null || deployment_name === null
          ? null
          : { instanceUuid: uuid, job, deploymentId: deployment_id, deploymentName: deployment_name };
      return { ip: toIp(ip), owner };
    });
  }

  async release(addresses: readonly string[]): Promise<number> {
    if (addresses.length === 0) return 0;
    return changed(
      await this.db.deleteFrom('ip_addresses').where('address_str', 'in', addresses).executeTakeFirst(),
    );
  }

  async claim(c: {
    readonly networkName: string;
    readonly address: string;
    readonly createdAt: number;
    readonly taskId: string;
  }): Promise<boolean> {
    const inserted = await insertIfFree(this.db, {
      network_name: c.networkName,
      address_str: c.address,
      static: toDbBool(false),
      instance_id: null,
      created_at: wholeSeconds(c.createdAt),
      task_id: c.taskId,
    });
    return inserted !== undefined;
  }

  async releaseClaims(taskId: string): Promise<number> {
    return changed(
      await this.db
        .deleteFrom('ip_addresses')
        .where('task_id', '=', taskId)
        .where('instance_id', 'is', null)
        .where('orphaned_vm_id', 'is', null)
        .executeTakeFirst(),
    );
  }

  async bindToVm(instanceId: number, vmId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const vm = await trx.selectFrom('vms').select('instance_id').where('id', '=', vmId).executeTakeFirst();
      if (vm?.instance_id !== instanceId) {
        throw new Error(`VM ${String(vmId)} is not a VM of instance ${String(instanceId)}`);
      }
      await trx
        .updateTable('ip_addresses')
        .set({ vm_id: vmId })
        .where('instance_id', '=', instanceId)
        // Addresses another VM of the instance still uses (create-swap-delete's old VM) stay with it.
        .where('vm_id', 'is', null)
        .execute();
    });
  }
}
