import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDirectorStore } from '../../adapters/db/index.js';
import { BoshError } from '../../core/errors.js';
import type { DirectorStore } from '../../ports/director-store.js';
import { LockService } from './lock-service.js';
import type { TaskJob } from './task-context.js';
import { TaskFiles } from './task-files.js';
import { truncateTaskResult } from './task-result.js';
import { INTERRUPTED, TaskRunner } from './task-runner.js';

let dir: string;
let store: DirectorStore;
let t = 1_800_000_000;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'task-runner-'));
  store = await openDirectorStore({ adapter: 'sqlite', path: join(dir, 'director.db') });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function runner(jobs: Record<string, TaskJob>) {
  const files = new TaskFiles(join(dir, 'tasks'));
  let uid = 0;
  const locks = new LockService({
    locks: store.locks,
    tasks: store.tasks,
    events: store.events,
    now: () => Date.now() / 1000,
    newUid: () => `uid-${String(++uid)}`,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
  const r = new TaskRunner({
    store,
    files,
    locks,
    jobs: new Map(Object.entries(jobs)),
    now: () => t++,
    workers: 1,
    log: () => undefined,
  });
  return { r, files };
}
const newTask = (type: string, description = type) =>
  store.tasks.create({
    type,
    description,
    username: 'admin',
    deploymentName: null,
    contextId: '',
    payload: { n: 1 },
  });
const read = (id: number, type: string) => readFile(join(dir, 'tasks', String(id), type), 'utf8');
async function claimAndRun(r: TaskRunner): Promise<void> {
  const task = await store.tasks.claimNext(t);
  if (task === undefined) throw new Error('nothing to claim');
  await r.run(task);
}

describe('the task runner', () => {
  it('ends a job that returns in done with its result, event and result output', async () => {
    const { r } = runner({
      work: async (ctx, payload) => {
        expect(payload).toEqual({ n: 1 });
        await ctx.events.beginStage('Doing', 1).advanceAndTrack('it', () => Promise.resolve());
        ctx.writeResult('{"line":1}\n');
        return 'all good';
      },
    });
    const task = await newTask('work');
    await claimAndRun(r);
    expect(await store.tasks.get(task.id)).toMatchObject({ state: 'done', result: 'all good' });
    expect(
      (await read(task.id, 'event'))
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { state: string }).state),
    ).toEqual(['started', 'finished']);
    expect(await read(task.id, 'result')).toBe('{"line":1}\n');
    expect(await read(task.id, 'debug')).toContain('Performing task');
  });

  it('ends a failing job in error with its message and an error event carrying the BOSH code', async () => {
    const { r } = runner({
      fail: () => Promise.reject(new BoshError('ReleaseManifestNotFound', 'Release manifest not found')),
    });
    const task = await newTask('fail');
    await claimAndRun(r);
    expect(await store.tasks.get(task.id)).toMatchObject({
      state: 'error',
      result: 'Release manifest not found',
    });
    expect(JSON.parse((await read(task.id, 'event')).trim())).toEqual({
      time: expect.any(Number) as number,
      error: { code: 30003, message: 'Release manifest not found' },
    });
    const unknown = await newTask('nope');
    await claimAndRun(r);
    expect(await store.tasks.get(unknown.id)).toMatchObject({
      state: 'error',
      result: "Unknown task type 'nope'",
    });
  });

  it('cancels cooperatively at the next checkpoint, and a cancelled queued task never runs', async () => {
    let ran = 0;
    const { r } = runner({
      slow: async (ctx) => {
        ran += 1;
        await store.tasks.requestCancel(ctx.taskId);
        await ctx.checkpoint();
        return 'not reached';
      },
    });
    const task = await newTask('slow');
    await claimAndRun(r);
    expect(await store.tasks.get(task.id)).toMatchObject({ state: 'cancelled', result: 'task cancelled' });
    expect(await read(task.id, 'event')).toContain(
      `"error":{"code":10001,"message":"Task ${String(task.id)} cancelled"}`,
    );
    const queued = await newTask('slow');
    await store.tasks.requestCancel(queued.id);
    await claimAndRun(r);
    expect(await store.tasks.get(queued.id)).toMatchObject({ state: 'cancelled' });
    expect(ran).toBe(1);
  });

  it('ends what a stopped director left running at start, and releases the locks and claimed addresses', async () => {
    const { r } = runner({});
    const running = await newTask('work');
    await store.tasks.claimNext(t);
    const cancelling = await newTask('work');
    await store.tasks.claimNext(t);
    await store.tasks.requestCancel(cancelling.id);
    await store.locks.acquire(
      { name: 'lock:release:x', uid: 'u', expiredAt: t + 300, taskId: String(running.id) },
      t,
    );
    const claim = {
      networkName: 'private',
      address: '10.0.0.11/32',
      createdAt: t,
      taskId: String(running.id),
    };
    expect(await store.ips.claim(claim)).toBe(true);
    await r.recover();
    expect(await store.ips.list({})).toEqual([]);
    expect(await store.tasks.get(running.id)).toMatchObject({ state: 'error', result: INTERRUPTED });
    expect(await store.tasks.get(cancelling.id)).toMatchObject({
      state: 'cancelled',
      result: 'task cancelled',
    });
    expect(await store.locks.list(t)).toEqual([]);
  });

  it('names the holder when a lock cannot be had in time, as BOSH does, and records lock events', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((res) => (release = res));
    let holding: () => void = () => undefined;
    const held = new Promise<void>((res) => (holding = res));
    const { r } = runner({
      hold: (ctx) =>
        ctx.withLock('lock:release:app', 10, async () => {
          holding();
          await gate;
          return 'held';
        }),
      want: (ctx) => ctx.withLock('lock:release:app', 0.6, () => Promise.resolve('got it')),
    });
    const first = await newTask('hold', 'create release');
    const holder = store.tasks.claimNext(t).then((task) => (task ? r.run(task) : undefined));
    await held;
    const second = await newTask('want');
    await claimAndRun(r);
    const failed = await store.tasks.get(second.id);
    expect(failed?.state).toBe('error');
    expect(failed?.result).toMatch(
      new RegExp(
        `^Failed to acquire lock for lock:release:app uid: uid-\\d+\\. Locking task id is ${String(first.id)}, description: 'create release'$`,
      ),
    );
    release();
    await holder;
    expect(await store.tasks.get(first.id)).toMatchObject({ state: 'done', result: 'held' });
    const events = await store.events.list({ objectType: 'lock' });
    expect(events.map((e) => [e.action, e.objectName, e.task])).toEqual([
      ['release', 'lock:release:app', String(first.id)],
      ['acquire', 'lock:release:app', String(first.id)],
    ]);
  });
});

describe('task results', () => {
  it('keep 128 characters, cut at a word with ...', () => {
    expect(truncateTaskResult('  short  ')).toBe('short');
    const long = `${'word '.repeat(30)}end`;
    const cut = truncateTaskResult(long);
    expect(cut.endsWith('...')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(131);
    expect(cut).toBe(`${'word '.repeat(25).trimEnd()}...`);
  });
});
