import type { Kysely, Updateable } from 'kysely';
import type {
  InstanceChanges,
  InstanceRecord,
  InstanceRepo,
  NewInstance,
  RenderedTemplatesArchiveRecord,
} from '../../ports/director-store.js';
import { objectText, toArchive, toInstance } from './deploy-rows.js';
import { deleteInstanceRows } from './deployment-write.js';
import { toDbBool } from './rows.js';
import type { Database } from './schema.js';
import type { InstancesTable } from './schema-deploy.js';

/** What `instances.delete` throws while the instance still has persistent disks. */
export class InstanceHasDisksError extends Error {
  override readonly name = 'InstanceHasDisksError';

  constructor(
    readonly instanceId: number,
    readonly diskCids: readonly string[],
  ) {
    super(`Instance ${String(instanceId)} still has persistent disks (${diskCids.join(', ')})`);
  }
}

function changesRow(c: InstanceChanges): Updateable<InstancesTable> {
  return {
    ...(c.job === undefined ? {} : { job: c.job }),
    ...(c.index === undefined ? {} : { index: c.index }),
    ...(c.state === undefined ? {} : { state: c.state }),
    ...(c.availabilityZone === undefined ? {} : { availability_zone: c.availabilityZone }),
    ...(c.cloudProperties === undefined ? {} : { cloud_properties: objectText(c.cloudProperties) }),
    ...(c.bootstrap === undefined ? {} : { bootstrap: toDbBool(c.bootstrap) }),
    ...(c.spec === undefined ? {} : { spec_json: objectText(c.spec) }),
    ...(c.updateCompleted === undefined ? {} : { update_completed: toDbBool(c.updateCompleted) }),
    ...(c.ignore === undefined ? {} : { ignore: toDbBool(c.ignore) }),
    ...(c.variableSetId === undefined ? {} : { variable_set_id: c.variableSetId }),
  };
}

export class KyselyInstanceRepo implements InstanceRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(i: NewInstance): Promise<InstanceRecord> {
    const row = await this.db
      .insertInto('instances')
      .values({
        deployment_id: i.deploymentId,
        job: i.job,
        index: i.index,
        uuid: i.uuid,
        state: i.state,
        availability_zone: i.availabilityZone ?? null,
        cloud_properties: objectText(i.cloudProperties),
        compilation: toDbBool(i.compilation ?? false),
        bootstrap: toDbBool(i.bootstrap ?? false),
        spec_json: objectText(i.spec),
        variable_set_id: i.variableSetId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toInstance(row);
  }

  async get(id: number): Promise<InstanceRecord | undefined> {
    const row = await this.db.selectFrom('instances').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toInstance(row);
  }

  async list(deploymentId: number): Promise<InstanceRecord[]> {
    const rows = await this.db
      .selectFrom('instances')
      .selectAll()
      .where('deployment_id', '=', deploymentId)
      .orderBy('job')
      .orderBy('index')
      .orderBy('id')
      .execute();
    return rows.map(toInstance);
  }

  async update(id: number, changes: InstanceChanges): Promise<InstanceRecord> {
    return this.db.transaction().execute(async (trx) => {
      const set = changesRow(changes);
      if (Object.keys(set).length > 0) {
        await trx.updateTable('instances').set(set).where('id', '=', id).execute();
      }
      const row = await trx.selectFrom('instances').selectAll().where('id', '=', id).executeTakeFirst();
      if (row === undefined) throw new Error(`Instance ${String(id)} does not exist`);
      return toInstance(row);
    });
  }

  async delete(id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const disks = await trx
        .selectFrom('persistent_disks')
        .select('disk_cid')
        .where('instance_id', '=', id)
        .execute();
      if (disks.length > 0)
        throw new InstanceHasDisksError(
          id,
          disks.map((d) => d.disk_cid),
        );
      await deleteInstanceRows(trx, [id]);
    });
  }

  async addRenderedTemplates(
    a: Omit<RenderedTemplatesArchiveRecord, 'id'>,
  ): Promise<RenderedTemplatesArchiveRecord> {
    const row = await this.db
      .insertInto('rendered_templates_archives')
      .values({
        instance_id: a.instanceId,
        blobstore_id: a.blobstoreId,
        sha1: a.sha1,
        content_sha1: a.contentSha1,
        created_at: a.createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toArchive(row);
  }

  async pruneRenderedTemplates(instanceId: number): Promise<string[]> {
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('rendered_templates_archives')
        .select(['id', 'blobstore_id'])
        .where('instance_id', '=', instanceId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      const old = rows.slice(1);
      if (old.length === 0) return [];
      await trx
        .deleteFrom('rendered_templates_archives')
        .where(
          'id',
          'in',
          old.map((r) => r.id),
        )
        .execute();
      return old.map((r) => r.blobstore_id);
    });
  }
}
