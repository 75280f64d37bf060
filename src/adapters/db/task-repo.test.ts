import { expect, it } from 'vitest';
import type { NewTask, TaskRepo } from '../../ports/director-store.js';
import { describeStore } from '../../testing/db-backends.js';

const task = (over: Partial<NewTask> = {}): NewTask => ({
  type: 'update_release',
  description: 'create release',
  username: 'admin',
  deploymentName: null,
  contextId: '',
  payload: { releasePath: '/tmp/r.tgz', fix: false },
  ...over,
});

async function claimAll(repos: readonly TaskRepo[], perRepo: number): Promise<number[]> {
  const claims = repos.flatMap((repo) =>
    Array.from({ length: perRepo }, async () => {
      const ids: number[] = [];
      for (;;) {
        const claimed = await repo.claimNext(1000);
        if (claimed === undefined) return ids;
        ids.push(claimed.id);
      }
    }),
  );
  return (await Promise.all(claims)).flat();
}

describeStore('tasks', (fx) => {
  it('creates a queued task and reads it back with its payload', async () => {
    const created = await fx().store.tasks.create(task({ deploymentName: 'cf', contextId: 'ctx' }));
    expect(created).toEqual({
      id: created.id,
      state: 'queued',
      type: 'update_release',
      description: 'create release',
      timestamp: null,
      startedAt: null,
      checkpointTime: null,
      username: 'admin',
      deploymentName: 'cf',
      result: null,
      contextId: 'ctx',
      payload: { releasePath: '/tmp/r.tgz', fix: false },
    });
    expect(await fx().store.tasks.get(created.id)).toEqual(created);
    expect(await fx().store.tasks.get(created.id + 100)).toBeUndefined();
  });

  it('lists newest first, filtered by states, types, deployment and context id, limited', async () => {
    const { tasks } = fx().store;
    const a = await tasks.create(task({ deploymentName: 'cf' }));
    const b = await tasks.create(task({ type: 'update_deployment', deploymentName: 'cf', contextId: 'x' }));
    const c = await tasks.create(task({ type: 'update_deployment', deploymentName: 'zk' }));
    await tasks.finish(a.id, 'done', '/releases/r/1', 10);
    const ids = async (filter: Parameters<TaskRepo['list']>[0]) =>
      (await tasks.list(filter)).map((t) => t.id);
    expect(await ids({})).toEqual([c.id, b.id, a.id]);
    expect(await ids({ states: ['queued'] })).toEqual([c.id, b.id]);
    expect(await ids({ states: [] })).toEqual([]);
    expect(await ids({ types: ['update_deployment'], deployment: 'cf' })).toEqual([b.id]);
    expect(await ids({ contextId: 'x' })).toEqual([b.id]);
    expect(await ids({ limit: 2 })).toEqual([c.id, b.id]);
  });

  it('claims the oldest queued task: processing, started and checkpointed now (whole seconds)', async () => {
    const { tasks } = fx().store;
    const first = await tasks.create(task());
    await tasks.create(task());
    const claimed = await tasks.claimNext(1700000000.75);
    expect(claimed).toMatchObject({ id: first.id, state: 'processing', startedAt: 1700000000 });
    expect(claimed?.checkpointTime).toBe(1700000000);
    await tasks.checkpoint(first.id, 1700000030.2);
    expect((await tasks.get(first.id))?.checkpointTime).toBe(1700000030);
  });

  it('hands out a cancelling task that never started once, still cancelling, and never a started one', async () => {
    const { tasks } = fx().store;
    const running = await tasks.create(task());
    const waiting = await tasks.create(task());
    expect((await tasks.claimNext(5))?.id).toBe(running.id);
    expect(await tasks.requestCancel(running.id)).toBe(true);
    expect(await tasks.requestCancel(waiting.id)).toBe(true);
    expect(await tasks.claimNext(6)).toMatchObject({ id: waiting.id, state: 'cancelling', startedAt: 6 });
    expect(await tasks.claimNext(7)).toBeUndefined();
  });

  it('never gives one task to two claimers (concurrent claims on two connections)', async () => {
    const { store } = fx();
    const other = await fx().open();
    const created = [];
    for (let i = 0; i < 40; i += 1) created.push((await store.tasks.create(task())).id);
    const claimed = await claimAll([store.tasks, other.tasks], 4);
    expect(claimed).toHaveLength(40);
    expect(new Set(claimed).size).toBe(40);
    expect([...claimed].sort((x, y) => x - y)).toEqual(created);
    expect(await store.tasks.list({ states: ['queued'] })).toEqual([]);
  });

  it('finishes with a state, the result as given (the runner cut it, with its `...`) and the time', async () => {
    const { tasks } = fx().store;
    const t = await tasks.create(task());
    await tasks.claimNext(1);
    await tasks.finish(t.id, 'error', `${'é'.repeat(127)}🙂,...`, 99.9);
    const done = await tasks.get(t.id);
    expect(done).toMatchObject({ state: 'error', timestamp: 99 });
    expect(done?.result).toBe(`${'é'.repeat(127)}🙂,...`);
  });

  it('cancels only queued or processing tasks', async () => {
    const { tasks } = fx().store;
    const processing = await tasks.create(task());
    await tasks.claimNext(1);
    const done = await tasks.create(task());
    await tasks.claimNext(1);
    await tasks.finish(done.id, 'done', 'ok', 2);
    const queued = await tasks.create(task());
    expect(await tasks.requestCancel(done.id)).toBe(false);
    expect((await tasks.get(done.id))?.state).toBe('done');
    expect(await tasks.requestCancel(processing.id)).toBe(true);
    expect((await tasks.get(processing.id))?.state).toBe('cancelling');
    expect(await tasks.requestCancel(processing.id)).toBe(false);
    expect(await tasks.requestCancel(queued.id)).toBe(true);
    expect((await tasks.get(queued.id))?.state).toBe('cancelling');
    expect(await tasks.requestCancel(12345)).toBe(false);
  });

  it('lists the processing and cancelling tasks as unfinished, oldest first', async () => {
    const { tasks } = fx().store;
    const a = await tasks.create(task());
    const b = await tasks.create(task());
    const c = await tasks.create(task());
    await tasks.create(task());
    await tasks.claimNext(1);
    await tasks.claimNext(1);
    await tasks.claimNext(1);
    await tasks.requestCancel(b.id);
    await tasks.finish(c.id, 'done', 'ok', 2);
    expect((await tasks.unfinished()).map((t) => [t.id, t.state])).toEqual([
      [a.id, 'processing'],
      [b.id, 'cancelling'],
    ]);
  });
});
