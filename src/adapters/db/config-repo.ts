import type { Kysely, Selectable } from 'kysely';
import type { ConfigRecord, ConfigRepo } from '../../ports/director-store.js';
import { changed, fromDbBool, toDbBool, wholeSeconds } from './rows.js';
import type { ConfigsTable, Database } from './schema.js';

function toRecord(row: Selectable<ConfigsTable>): ConfigRecord {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    content: row.content,
    createdAt: row.created_at,
    deleted: fromDbBool(row.deleted),
    teamId: row.team_id,
  };
}

interface ConfigFilter {
  readonly type?: string;
  readonly name?: string;
}

/** Configs are never removed: deleting one marks it `deleted`. */
export class KyselyConfigRepo implements ConfigRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Newest first. */
  async latest(filter: ConfigFilter): Promise<ConfigRecord[]> {
    let newest = this.db
      .selectFrom('configs')
      .select((eb) => eb.fn.max('id').as('id'))
      .where('deleted', '=', toDbBool(false))
      .groupBy(['type', 'name']);
    if (filter.type !== undefined) newest = newest.where('type', '=', filter.type);
    if (filter.name !== undefined) newest = newest.where('name', '=', filter.name);
    const rows = await this.db
      .selectFrom('configs')
      .selectAll()
      .where('id', 'in', newest)
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toRecord);
  }

  async list(filter: {
    readonly type?: string;
    readonly name?: string;
    readonly limit?: number;
    readonly includeDeleted?: boolean;
  }): Promise<ConfigRecord[]> {
    let query = this.db.selectFrom('configs').selectAll().orderBy('id', 'desc');
    if (filter.type !== undefined) query = query.where('type', '=', filter.type);
    if (filter.name !== undefined) query = query.where('name', '=', filter.name);
    if (filter.includeDeleted !== true) query = query.where('deleted', '=', toDbBool(false));
    if (filter.limit !== undefined) query = query.limit(filter.limit);
    return (await query.execute()).map(toRecord);
  }

  async get(id: number): Promise<ConfigRecord | undefined> {
    const row = await this.db.selectFrom('configs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async create(config: {
    readonly type: string;
    readonly name: string;
    readonly content: string;
    readonly createdAt: number;
  }): Promise<ConfigRecord> {
    const row = await this.db
      .insertInto('configs')
      .values({
        type: config.type,
        name: config.name,
        content: config.content,
        created_at: wholeSeconds(config.createdAt),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async deleteByName(type: string, name: string): Promise<number> {
    const result = await this.db
      .updateTable('configs')
      .set({ deleted: toDbBool(true) })
      .where('type', '=', type)
      .where('name', '=', name)
      .where('deleted', '=', toDbBool(false))
      .executeTakeFirst();
    return changed(result);
  }

  async deleteById(id: number): Promise<boolean> {
    const result = await this.db
      .updateTable('configs')
      .set({ deleted: toDbBool(true) })
      .where('id', '=', id)
      .where('deleted', '=', toDbBool(false))
      .executeTakeFirst();
    return changed(result) > 0;
  }
}
