/**
 * SQLite shared by several processes (workers or directors on one host): each process has its own connection, so
 * migrations, task claims and lock acquisition race for real on the database's write lock. The children run the
 * adapter bundled by esbuild.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDirectorStore } from './director-store.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..');

const CHILD = `
import { openDirectorStore } from './director-store.ts';
async function main() {
  const [mode, path, uid] = process.argv.slice(2);
  const store = await openDirectorStore({ adapter: 'sqlite', path });
  const out = { claimed: [], lock: false };
  if (mode === 'work') {
    const lock = await store.locks.acquire({ name: 'lock:release:r', uid, expiredAt: 1e10, taskId: uid }, 1);
    out.lock = lock.acquired;
    for (let t = await store.tasks.claimNext(1); t; t = await store.tasks.claimNext(1)) out.claimed.push(t.id);
  }
  await store.close();
  process.stdout.write(JSON.stringify(out));
}
void main();
`;

interface ChildOutput {
  readonly claimed: number[];
  readonly lock: boolean;
}

describe('SQLite shared by several processes', () => {
  let dir = '';
  let bundle = '';
  const run = async (mode: string, path: string, uid: string): Promise<ChildOutput> => {
    const env = { ...process.env, NODE_PATH: join(repoRoot, 'node_modules') };
    const { stdout } = await promisify(execFile)(process.execPath, [bundle, mode, path, uid], { env });
    return JSON.parse(stdout) as ChildOutput;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bosh-ts-db-procs-'));
    bundle = join(dir, 'child.cjs');
    await build({
      stdin: { contents: CHILD, resolveDir: here, loader: 'ts', sourcefile: 'child.ts' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['better-sqlite3', 'pg-native'],
      outfile: bundle,
      logLevel: 'error',
    });
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates a new database from several processes at once', async () => {
    const path = join(dir, 'fresh.db');
    await Promise.all(['a', 'b', 'c', 'd'].map((uid) => run('open', path, uid)));
    const store = await openDirectorStore({ adapter: 'sqlite', path });
    expect(await store.tasks.list({})).toEqual([]);
    await store.close();
  });

  it('gives each task to one process and a lock to one process', async () => {
    const path = join(dir, 'shared.db');
    const store = await openDirectorStore({ adapter: 'sqlite', path });
    const created: number[] = [];
    for (let i = 0; i < 60; i += 1) {
      const task = {
        type: 't',
        description: 'd',
        username: 'u',
        deploymentName: null,
        contextId: '',
        payload: i,
      };
      created.push((await store.tasks.create(task)).id);
    }
    const outputs = await Promise.all(['a', 'b', 'c', 'd'].map((uid) => run('work', path, uid)));
    const claimed = outputs.flatMap((o) => o.claimed).sort((x, y) => x - y);
    expect(claimed).toEqual(created);
    expect(outputs.filter((o) => o.lock)).toHaveLength(1);
    expect(await store.tasks.list({ states: ['queued'] })).toEqual([]);
    await store.close();
  });
});
