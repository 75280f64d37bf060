import type { Kysely } from 'kysely';
import type {
  DiskRepo,
  NewPersistentDisk,
  OrphanDiskRecord,
  PersistentDiskRecord,
} from '../../ports/director-store.js';
import { objectText, toDisk, toOrphanDisk } from './deploy-rows.js';
import { changed, isUniqueViolation, toDbBool } from './rows.js';
import type { Database } from './schema.js';

export class KyselyDiskRepo implements DiskRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Fails with `Disk '<cid>' already exists` when the cid is known (attached or orphaned). */
  async create(disk: NewPersistentDisk): Promise<PersistentDiskRecord> {
    try {
      const row = await this.db.transaction().execute(async (trx) => {
        const orphan = await trx
          .selectFrom('orphan_disks')
          .select('id')
          .where('disk_cid', '=', disk.diskCid)
          .executeTakeFirst();
        if (orphan !== undefined) throw new Error(`Disk '${disk.diskCid}' already exists (orphaned)`);
        return trx
          .insertInto('persistent_disks')
          .values({
            instance_id: disk.instanceId,
            disk_cid: disk.diskCid,
            size: disk.size,
            active: toDbBool(disk.active ?? false),
            cloud_properties_json: objectText(disk.cloudProperties),
            name: disk.name ?? '',
            cpi: disk.cpi ?? '',
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      });
      return toDisk(row);
    } catch (e) {
      if (isUniqueViolation(e)) throw new Error(`Disk '${disk.diskCid}' already exists`, { cause: e });
      throw e;
    }
  }

  async get(id: number): Promise<PersistentDiskRecord | undefined> {
    const row = await this.db
      .selectFrom('persistent_disks')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toDisk(row);
  }

  async list(instanceId: number): Promise<PersistentDiskRecord[]> {
    const rows = await this.db
      .selectFrom('persistent_disks')
      .selectAll()
      .where('instance_id', '=', instanceId)
      .orderBy('id')
      .execute();
    return rows.map(toDisk);
  }

  async activate(id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const disk = await trx
        .selectFrom('persistent_disks')
        .select(['instance_id', 'name'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (disk === undefined) throw new Error(`Persistent disk ${String(id)} does not exist`);
      await trx
        .updateTable('persistent_disks')
        .set({ active: 0 })
        .where('instance_id', '=', disk.instance_id)
        .where('name', '=', disk.name)
        .where('id', '<>', id)
        .execute();
      await trx.updateTable('persistent_disks').set({ active: 1 }).where('id', '=', id).execute();
    });
  }

  async update(
    id: number,
    changes: Partial<Pick<PersistentDiskRecord, 'size' | 'cloudProperties' | 'active'>>,
  ): Promise<void> {
    const set = {
      ...(changes.size === undefined ? {} : { size: changes.size }),
      ...(changes.active === undefined ? {} : { active: toDbBool(changes.active) }),
      ...(changes.cloudProperties === undefined
        ? {}
        : { cloud_properties_json: objectText(changes.cloudProperties) }),
    };
    if (Object.keys(set).length === 0) return;
    await this.db.updateTable('persistent_disks').set(set).where('id', '=', id).execute();
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('persistent_disks').where('id', '=', id).execute();
  }

  async orphan(id: number, now: number): Promise<OrphanDiskRecord> {
    return this.db.transaction().execute(async (trx) => {
      const disk = await trx
        .selectFrom('persistent_disks as p')
        .innerJoin('instances as i', 'i.id', 'p.instance_id')
        .innerJoin('deployments as d', 'd.id', 'i.deployment_id')
        .selectAll('p')
        .select(['i.job', 'i.uuid', 'i.availability_zone', 'd.name as deployment_name'])
        .where('p.id', '=', id)
        .executeTakeFirst();
      if (disk === undefined) throw new Error(`Persistent disk ${String(id)} does not exist`);
      await trx.deleteFrom('persistent_disks').where('id', '=', id).execute();
      const orphan = await trx
        .insertInto('orphan_disks')
        .values({
          disk_cid: disk.disk_cid,
          size: disk.size,
          availability_zone: disk.availability_zone,
          deployment_name: disk.deployment_name,
          instance_name: `${disk.job}/${disk.uuid}`,
          cloud_properties_json: disk.cloud_properties_json,
          created_at: Math.floor(now),
          cpi: disk.cpi,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toOrphanDisk(orphan);
    });
  }

  async orphaned(): Promise<OrphanDiskRecord[]> {
    const rows = await this.db
      .selectFrom('orphan_disks')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toOrphanDisk);
  }

  async deleteOrphaned(diskCid: string): Promise<boolean> {
    return (
      changed(await this.db.deleteFrom('orphan_disks').where('disk_cid', '=', diskCid).executeTakeFirst()) > 0
    );
  }
}
