import type { Kysely, Migration } from 'kysely';
import type { DbDialect } from '../connect.js';
import { index, tableWithId } from './table.js';

/** The director's built-in config server: every version of every value, encrypted (`ciphertext`). */
export function configServerValues(dialect: DbDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await tableWithId(db, dialect, 'config_server_values')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('ciphertext', 'text', (c) => c.notNull())
        .addColumn('generation_digest', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await index(db, 'config_server_values', ['name']);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('config_server_values').execute();
    },
  };
}
