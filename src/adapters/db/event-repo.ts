import type { Kysely, Selectable } from 'kysely';
import type { EventFilter, EventRecord, EventRepo } from '../../ports/director-store.js';
import { jsonObject, jsonText, wholeSeconds } from './rows.js';
import type { Database, EventsTable } from './schema.js';

function toRecord(row: Selectable<EventsTable>): EventRecord {
  return {
    id: row.id,
    parentId: row.parent_id,
    user: row.user,
    timestamp: row.timestamp,
    action: row.action,
    objectType: row.object_type,
    objectName: row.object_name,
    error: row.error,
    task: row.task,
    deployment: row.deployment,
    instance: row.instance,
    context: jsonObject(row.context_json, 'events.context_json'),
  };
}

export class KyselyEventRepo implements EventRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async add(event: Omit<EventRecord, 'id'>): Promise<EventRecord> {
    const row = await this.db
      .insertInto('events')
      .values({
        parent_id: event.parentId,
        user: event.user,
        timestamp: wholeSeconds(event.timestamp),
        action: event.action,
        object_type: event.objectType,
        object_name: event.objectName,
        error: event.error,
        task: event.task,
        deployment: event.deployment,
        instance: event.instance,
        context_json: jsonText(event.context),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async get(id: number): Promise<EventRecord | undefined> {
    const row = await this.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  /** Newest first; `beforeId`, `beforeTime` and `afterTime` are exclusive bounds. */
  async list(filter: EventFilter): Promise<EventRecord[]> {
    let query = this.db
      .selectFrom('events')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 200);
    if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
    if (filter.beforeTime !== undefined) query = query.where('timestamp', '<', filter.beforeTime);
    if (filter.afterTime !== undefined) query = query.where('timestamp', '>', filter.afterTime);
    if (filter.task !== undefined) query = query.where('task', '=', filter.task);
    if (filter.deployment !== undefined) query = query.where('deployment', '=', filter.deployment);
    if (filter.instance !== undefined) query = query.where('instance', '=', filter.instance);
    if (filter.user !== undefined) query = query.where('user', '=', filter.user);
    if (filter.action !== undefined) query = query.where('action', '=', filter.action);
    if (filter.objectType !== undefined) query = query.where('object_type', '=', filter.objectType);
    if (filter.objectName !== undefined) query = query.where('object_name', '=', filter.objectName);
    return (await query.execute()).map(toRecord);
  }
}
