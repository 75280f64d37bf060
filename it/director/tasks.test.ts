import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReleaseTarball } from '../../src/testing/director-release-fixtures.js';
import { buildLocalStemcell, DB_KINDS, DirectorProcess, dropDatabases } from './harness.js';

// The task queue of a director process: cancellation, a director killed in the middle of a task, concurrent
// uploads of one release, and an upload far bigger than the director's memory.
const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;
let director: DirectorProcess | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'it-director-tasks-'));
});
afterEach(async () => {
  await director?.stop();
  director = undefined;
  // A CPI call a killed director left behind (its gate never opens) goes with the test.
  spawnSync('pkill', ['-f', dir]);
  await rm(dir, { recursive: true, force: true });
}, 60_000);
afterAll(() => dropDatabases());

/** The local CPI behind a script that first waits for `release` to exist (so a test controls how long a call takes). */
async function gatedCpi(
  directorDir: string,
  release: string,
): Promise<{ executable: string; config: string }> {
  const executable = join(dir, 'gated-cpi');
  await writeFile(
    executable,
    `#!/bin/sh\ni=0\nwhile [ ! -e '${release}' ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done\nexec '${process.execPath}' '${join(ROOT, 'bin', 'bosh-local-cpi.cjs')}' "$@"\n`,
  );
  await chmod(executable, 0o755);
  return { executable, config: join(directorDir, 'cpi.json') };
}

async function waitState(d: DirectorProcess, id: number, state: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (((await d.json('GET', `/tasks/${String(id)}`)) as { state: string }).state !== state) {
    if (Date.now() > deadline) throw new Error(`task ${String(id)} never became ${state}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(DB_KINDS)('director tasks on %s', { timeout: 180_000 }, (db) => {
  it('cancels a queued task: it ends cancelled without running, the running one finishes', async () => {
    const gate = join(dir, 'open');
    const directorDir = join(dir, 'director');
    director = await DirectorProcess.start(directorDir, { db, workers: 1 });
    await director.stop();
    director = await DirectorProcess.start(directorDir, {
      db,
      workers: 1,
      cpi: await gatedCpi(directorDir, gate),
    });
    const d = director;
    const first = await d.upload('/stemcells', buildLocalStemcell(dir, '1'));
    await waitState(d, first, 'processing');
    const second = await d.upload('/stemcells', buildLocalStemcell(dir, '2'));
    expect(((await d.json('GET', `/tasks/${String(second)}`)) as { state: string }).state).toBe('queued');
    expect((await d.request('DELETE', `/task/${String(second)}`)).status).toBe(204);
    const again = await d.request('DELETE', `/task/${String(first + 100)}`);
    expect(again.status).toBe(404);
    await writeFile(gate, '');
    expect(await d.waitTask(first)).toMatchObject({ state: 'done' });
    expect(await d.waitTask(second)).toMatchObject({ state: 'cancelled', result: 'task cancelled' });
    const done = await d.request('DELETE', `/task/${String(first)}`);
    expect([done.status, done.body.toString()]).toEqual([
      400,
      `Cannot cancel task ${String(first)}: invalid state (done)`,
    ]);
    expect(((await d.json('GET', '/stemcells')) as unknown[]).length).toBe(1);
  });

  it('ends a task the director was killed in with a clear error, releases its locks, and stores nothing', async () => {
    const gate = join(dir, 'never');
    const directorDir = join(dir, 'director');
    director = await DirectorProcess.start(directorDir, {
      db,
      cpi: await gatedCpi(join(dir, 'director'), gate),
    });
    const d = director;
    const id = await d.upload('/stemcells', buildLocalStemcell(dir, '1'));
    await waitState(d, id, 'processing');
    const deadline = Date.now() + 30_000;
    while (((await d.json('GET', '/locks')) as unknown[]).length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await d.json('GET', '/locks')).toEqual([
      expect.objectContaining({
        type: 'stemcells',
        resource: ['bosh-local-debian-bookworm-go_agent', '1'],
        task_id: String(id),
      }),
    ]);
    await d.signal('SIGKILL');
    await d.launch();
    expect(await d.waitTask(id)).toMatchObject({
      state: 'error',
      result: 'Task was interrupted: the director stopped while it was running',
    });
    expect((await d.events(id)).at(-1)).toMatchObject({
      error: { code: 100, message: 'Task was interrupted: the director stopped while it was running' },
    });
    expect(await d.json('GET', '/locks')).toEqual([]);
    expect(await d.json('GET', '/stemcells')).toEqual([]);
    expect(await d.blobs()).toEqual([]);
  });

  it('stores one version when the same release is uploaded twice at once', async () => {
    director = await DirectorProcess.start(join(dir, 'director'), { db });
    const d = director;
    const tarball = await buildReleaseTarball(dir, {
      name: 'app',
      version: '1',
      packages: [{ name: 'lib' }],
    });
    const ids = await Promise.all([d.upload('/releases', tarball), d.upload('/releases', tarball)]);
    for (const id of ids)
      expect(await d.waitTask(id)).toMatchObject({ state: 'done', result: "Created release 'app/1'" });
    expect(await d.json('GET', '/releases')).toEqual([
      { name: 'app', release_versions: [expect.objectContaining({ version: '1' })] },
    ]);
    expect((await d.blobs()).length).toBe(1);
  });
});

describe('a 2 GB upload', { timeout: 300_000 }, () => {
  it("streams to disk: the director's memory stays bounded, and the bad tarball stores nothing", async () => {
    director = await DirectorProcess.start(join(dir, 'director'));
    const d = director;
    const total = 2 * 1024 ** 3;
    const chunk = Buffer.alloc(1024 * 1024, 7);
    let sent = 0;
    const body = new Readable({
      read() {
        if (sent >= total) {
          this.push(null);
          return;
        }
        sent += chunk.length;
        this.push(chunk);
      },
    });
    let peakKb = 0;
    const rss = async () => {
      const status = await readFile(`/proc/${String(d.pid)}/status`, 'utf8').catch(() => '');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    };
    const baseline = await rss();
    const sampler = setInterval(() => {
      void rss().then((kb) => (peakKb = Math.max(peakKb, kb)));
    }, 100);
    try {
      const id = await d.upload('/releases', body);
      expect(await d.waitTask(id, 120_000)).toMatchObject({
        state: 'error',
        result: 'Extracting release archive failed. Check task debug log for details.',
      });
    } finally {
      clearInterval(sampler);
    }
    expect(sent).toBe(total);
    // Far below the 2 GB that went through: the body was never held in memory.
    expect(peakKb - baseline).toBeLessThan(200 * 1024);
    expect(await d.json('GET', '/releases')).toEqual([]);
    expect(await d.blobs()).toEqual([]);
  });
});
