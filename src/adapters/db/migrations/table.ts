import type { CreateTableBuilder, Kysely } from 'kysely';
import type { DbDialect } from '../connect.js';

/**
 * `create table <name>` with BOSH's autoincrement `id` primary key: SQLite `integer primary key autoincrement`
 * (ids never reused), PostgreSQL `bigserial`. Every other column is declared once for both dialects: `text`,
 * `bigint` (SQLite: integer affinity), `double precision` (SQLite: real), `boolean` (SQLite: 0/1).
 */
export function tableWithId(
  db: Kysely<unknown>,
  dialect: DbDialect,
  name: string,
): CreateTableBuilder<string, 'id'> {
  const table = db.schema.createTable(name);
  return dialect === 'sqlite'
    ? table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    : table.addColumn('id', 'bigserial', (c) => c.primaryKey());
}

export async function index(db: Kysely<unknown>, table: string, columns: readonly string[]): Promise<void> {
  await db.schema
    .createIndex(`${table}_${columns.join('_')}_index`)
    .on(table)
    .columns([...columns])
    .execute();
}
