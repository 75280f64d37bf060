import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeStore } from '../../testing/db-backends.js';
import { connectDirectorDb } from './connect.js';
import { openDirectorStore } from './director-store.js';
import { directorMigrations } from './migrations/index.js';

describeStore('migrations', (fx) => {
  it('migrates a new database once: opening it again keeps the schema and the data', async () => {
    const config = await fx().freshDatabase();
    const first = await openDirectorStore(config);
    const created = await first.tasks.create({
      type: 't',
      description: 'd',
      username: 'admin',
      deploymentName: null,
      contextId: '',
      payload: [1, 'two'],
    });
    await first.close();
    const second = await openDirectorStore(config);
    try {
      expect(await second.tasks.get(created.id)).toEqual(created);
    } finally {
      await second.close();
    }
    const { db } = connectDirectorDb(config);
    try {
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
        db,
      );
      expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(directorMigrations(fx().dialect)));
    } finally {
      await db.destroy();
    }
  });

  it('lets several directors open a new database at the same time', async (ctx) => {
    // SQLite connections in one process would block each other's thread: sqlite-processes.test.ts races processes.
    if (fx().dialect === 'sqlite') ctx.skip();
    const config = await fx().freshDatabase();
    const stores = await Promise.all([1, 2, 3].map(() => openDirectorStore(config)));
    try {
      await stores[0]?.attributes.setIfMissing('uuid', 'x');
      expect(await stores[2]?.attributes.get('uuid')).toBe('x');
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('has BOSH unique keys: release name, release version, stemcell name/version/cpi, lock and deployment name', async () => {
    const { db } = fx();
    const fails = async (insert: () => Promise<unknown>) => {
      await expect(insert()).rejects.toThrow(/unique|UNIQUE|duplicate/);
    };
    const release = await db
      .insertInto('releases')
      .values({ name: 'r' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await fails(() => db.insertInto('releases').values({ name: 'r' }).execute());
    const rv = {
      release_id: release.id,
      version: '1',
      commit_hash: 'c',
      uncommitted_changes: 0,
      update_completed: 1,
    };
    await db.insertInto('release_versions').values(rv).execute();
    await fails(() => db.insertInto('release_versions').values(rv).execute());
    const s = {
      name: 's',
      version: '1',
      cid: 'c',
      sha1: 'x',
      operating_system: 'os',
      cpi: 'aws',
      api_version: null,
    };
    await db.insertInto('stemcells').values(s).execute();
    await db
      .insertInto('stemcells')
      .values({ ...s, cpi: 'gcp' })
      .execute();
    await fails(() => db.insertInto('stemcells').values(s).execute());
    const lock = { name: 'lock:deployment:cf', uid: 'u', expired_at: 1.5, task_id: '1' };
    await db.insertInto('locks').values(lock).execute();
    await fails(() => db.insertInto('locks').values(lock).execute());
    await db.insertInto('deployments').values({ name: 'cf', manifest_text: '' }).execute();
    await fails(() => db.insertInto('deployments').values({ name: 'cf', manifest_text: '' }).execute());
  });

  it('enforces foreign keys', async () => {
    const { db } = fx();
    await expect(
      db
        .insertInto('release_versions')
        .values({
          release_id: 999,
          version: '1',
          commit_hash: 'c',
          uncommitted_changes: 0,
          update_completed: 1,
        })
        .execute(),
    ).rejects.toThrow(/foreign key|FOREIGN KEY/);
  });
});

describe('opening a store', () => {
  it('says which SQLite file it cannot open', async () => {
    await expect(
      openDirectorStore({ adapter: 'sqlite', path: '/nonexistent/dir/director.db' }),
    ).rejects.toThrow(
      'Cannot open the director database /nonexistent/dir/director.db: Cannot open database because the directory does not exist',
    );
  });

  it('reports a PostgreSQL server it cannot reach', async () => {
    const config = {
      adapter: 'postgres',
      host: '127.0.0.1',
      port: 1,
      user: 'u',
      password: 'p',
      database: 'd',
    } as const;
    await expect(openDirectorStore(config)).rejects.toThrow(/ECONNREFUSED/);
  });
});
