/**
 * Opens the director's database: SQLite through better-sqlite3 (WAL, busy timeout, foreign keys, every
 * transaction `BEGIN IMMEDIATE` so that writers queue on the database lock instead of failing on upgrade), or
 * PostgreSQL through a pg pool (int8 parsed as a number).
 */
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type DbDialect = 'sqlite' | 'postgres';

export interface SqliteDbConfig {
  readonly adapter: 'sqlite';
  readonly path: string;
  /** How long a writer waits for another process's write transaction; default 15 s. */
  readonly busyTimeoutMs?: number;
}

export interface PostgresDbConfig {
  readonly adapter: 'postgres';
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** `true`: TLS verified against the system CAs; or a CA (PEM) and/or verification switch. */
  readonly tls?: boolean | { readonly ca?: string; readonly rejectUnauthorized?: boolean };
  /** Pool size; default 10. */
  readonly maxConnections?: number;
}

export type DirectorDbConfig = SqliteDbConfig | PostgresDbConfig;

export interface DirectorDb {
  readonly db: Kysely<Database>;
  readonly dialect: DbDialect;
}

export function connectDirectorDb(config: DirectorDbConfig): DirectorDb {
  if (config.adapter === 'sqlite') {
    return { db: new Kysely({ dialect: sqliteDialect(config) }), dialect: 'sqlite' };
  }
  return {
    db: new Kysely({ dialect: new PostgresDialect({ pool: postgresPool(config) }) }),
    dialect: 'postgres',
  };
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * kysely runs SQLite migrations outside a transaction (and takes no lock: it assumes one connection). SQLite's
 * DDL is transactional, and in a `BEGIN IMMEDIATE` transaction the migrator reads which migrations ran while
 * holding the write lock, so processes opening one database at the same time migrate it once.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly driverConfig: SqliteDialectConfig) {
    super(driverConfig);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.driverConfig);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

function sqliteDialect(config: SqliteDbConfig): SqliteDialect {
  return new ImmediateSqliteDialect({
    database: () => {
      try {
        const db = new SqliteDatabase(config.path, { timeout: config.busyTimeoutMs ?? 15_000 });
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('foreign_keys = ON');
        return Promise.resolve(db);
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        return Promise.reject(new Error(`Cannot open the director database ${config.path}: ${reason}`));
      }
    },
  });
}

function postgresPool(config: PostgresDbConfig): pg.Pool {
  const types = new pg.TypeOverrides();
  // Ids (bigserial) and Unix-second times (bigint) stay far below 2^53.
  types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
  const pool = new pg.Pool({
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: config.database,
    max: config.maxConnections ?? 10,
    types,
    ...(config.tls === undefined || config.tls === false
      ? {}
      : { ssl: config.tls === true ? true : { ...config.tls } }),
  });
  // An idle client that loses its connection is dropped by the pool; the next query reports the problem.
  pool.on('error', () => undefined);
  return pool;
}
