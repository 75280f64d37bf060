/**
 * Runs a director-store test suite against SQLite (a temp file per test) and PostgreSQL (the server in
 * BOSH_TS_TEST_POSTGRES, e.g. `postgres://postgres:postgres@127.0.0.1:5432/postgres`: a fresh database per test
 * file, emptied before each test, dropped after the file). Without BOSH_TS_TEST_POSTGRES the PostgreSQL half is
 * skipped locally and fails in CI (env CI set).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { connectDirectorDb, type DbDialect, type DirectorDbConfig } from '../adapters/db/connect.js';
import { directorStoreOver, openDirectorStore } from '../adapters/db/director-store.js';
import { migrateToLatest } from '../adapters/db/migrations/index.js';
import type { Database } from '../adapters/db/schema.js';
import type { DirectorStore } from '../ports/director-store.js';

export interface StoreFixture {
  readonly dialect: DbDialect;
  /** The test's store, on an empty database. */
  readonly store: DirectorStore;
  /** The same database through kysely, for rows the port cannot write (deployments). */
  readonly db: Kysely<Database>;
  readonly config: DirectorDbConfig;
  /** Another store (its own connection or pool) on the same database, like a second director; closed after the test. */
  open(): Promise<DirectorStore>;
  /** A config for a new, empty, unmigrated database (dropped after the file). */
  freshDatabase(): Promise<DirectorDbConfig>;
}

interface Backend {
  readonly dialect: DbDialect;
  readonly skip: string | undefined;
  setupFile(): Promise<void>;
  /** The database for the next test, empty. */
  prepareTest(): Promise<DirectorDbConfig>;
  freshDatabase(): Promise<DirectorDbConfig>;
  teardownFile(): Promise<void>;
}

function sqliteBackend(): Backend {
  let dir = '';
  let n = 0;
  const next = (): DirectorDbConfig => ({ adapter: 'sqlite', path: join(dir, `director-${String(++n)}.db`) });
  return {
    dialect: 'sqlite',
    skip: undefined,
    setupFile: () => {
      dir = mkdtempSync(join(tmpdir(), 'bosh-ts-db-'));
      return Promise.resolve();
    },
    prepareTest: () => Promise.resolve(next()),
    freshDatabase: () => Promise.resolve(next()),
    teardownFile: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

function postgresBackend(): Backend {
  const url = process.env.BOSH_TS_TEST_POSTGRES;
  const created: string[] = [];
  let fileDb: DirectorDbConfig | undefined;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    if (url === undefined) throw new Error('BOSH_TS_TEST_POSTGRES is not set: PostgreSQL tests cannot run');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  const createDatabase = async (): Promise<DirectorDbConfig> => {
    const name = `bosh_ts_test_${randomBytes(6).toString('hex')}`;
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    created.push(name);
    const u = new URL(url ?? '');
    return {
      adapter: 'postgres',
      host: u.hostname,
      port: Number(u.port || '5432'),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      database: name,
    };
  };
  return {
    dialect: 'postgres',
    skip: url === undefined && process.env.CI === undefined ? 'BOSH_TS_TEST_POSTGRES is not set' : undefined,
    setupFile: async () => {
      fileDb = await createDatabase();
    },
    prepareTest: async () => {
      if (fileDb === undefined) throw new Error('The PostgreSQL test database was not created');
      const { db } = connectDirectorDb(fileDb);
      try {
        await migrateToLatest(db, 'postgres');
        const tables = await sql<{ tablename: string }>`
          select tablename from pg_tables where schemaname = 'public' and tablename not like 'kysely_%'`.execute(
          db,
        );
        const list = tables.rows.map((t) => `"${t.tablename}"`).join(', ');
        await sql.raw(`truncate ${list} restart identity cascade`).execute(db);
      } finally {
        await db.destroy();
      }
      return fileDb;
    },
    freshDatabase: createDatabase,
    teardownFile: () =>
      admin(async (c) => {
        for (const name of created) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
}

/** `describe(title)` once per backend; `body` gets the fixture of the running test. */
export function describeStore(title: string, body: (fx: () => StoreFixture) => void): void {
  for (const backend of [sqliteBackend(), postgresBackend()]) {
    const name = `${title} (${backend.dialect}${backend.skip === undefined ? '' : `: skipped, ${backend.skip}`})`;
    (backend.skip === undefined ? describe : describe.skip)(name, () => {
      let fixture: StoreFixture | undefined;
      let opened: DirectorStore[] = [];
      beforeAll(() => backend.setupFile());
      afterAll(() => backend.teardownFile());
      beforeEach(async () => {
        const config = await backend.prepareTest();
        const handle = connectDirectorDb(config);
        await migrateToLatest(handle.db, handle.dialect);
        const store = directorStoreOver(handle);
        opened = [store];
        fixture = {
          dialect: backend.dialect,
          store,
          db: handle.db,
          config,
          open: async () => {
            const other = await openDirectorStore(config);
            opened.push(other);
            return other;
          },
          freshDatabase: () => backend.freshDatabase(),
        };
      });
      afterEach(async () => {
        await Promise.all(opened.map((s) => s.close()));
        opened = [];
        fixture = undefined;
      });
      body(() => {
        if (fixture === undefined) throw new Error('The store fixture is only available inside a test');
        return fixture;
      });
    });
  }
}
