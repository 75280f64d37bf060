import type { Kysely, Selectable } from 'kysely';
import type { ConfigServerValueRecord, ConfigServerValueRepo } from '../../ports/director-store.js';
import { wholeSeconds } from './rows.js';
import type { ConfigServerValuesTable, Database } from './schema.js';

const toRecord = (row: Selectable<ConfigServerValuesTable>): ConfigServerValueRecord => ({
  id: String(row.id),
  name: row.name,
  type: row.type,
  ciphertext: row.ciphertext,
  generationDigest: row.generation_digest,
  createdAt: row.created_at,
});

export class KyselyConfigServerValueRepo implements ConfigServerValueRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async add(value: Omit<ConfigServerValueRecord, 'id'>): Promise<ConfigServerValueRecord> {
    const row = await this.db
      .insertInto('config_server_values')
      .values({
        name: value.name,
        type: value.type,
        ciphertext: value.ciphertext,
        generation_digest: value.generationDigest,
        created_at: wholeSeconds(value.createdAt),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async latest(name: string): Promise<ConfigServerValueRecord | undefined> {
    const row = await this.db
      .selectFrom('config_server_values')
      .selectAll()
      .where('name', '=', name)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async byId(id: string): Promise<ConfigServerValueRecord | undefined> {
    if (!/^[0-9]{1,15}$/.test(id)) return undefined;
    const row = await this.db
      .selectFrom('config_server_values')
      .selectAll()
      .where('id', '=', Number(id))
      .executeTakeFirst();
    return row && toRecord(row);
  }
}
