import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routesApi, useTempDirectorStore } from '../../testing/director-api-harness.js';
import { TaskFiles } from '../tasks/task-files.js';
import { taskRoutes } from './task-routes.js';

let now = 1_800_000_000;
const fx = useTempDirectorStore('task-routes-');

const api = () =>
  routesApi(fx.store, [taskRoutes], {
    extra: { files: new TaskFiles(join(fx.dir, 'tasks')), now: () => now },
  });
const task = (type = 'update_release', deploymentName: string | null = null) =>
  fx.store.tasks.create({
    type,
    description: 'create release',
    username: 'admin',
    deploymentName,
    contextId: '',
    payload: {},
  });

describe('task routes', () => {
  it('time a running task out after 180 s without a checkpoint, as BOSH computes it when tasks are read', async () => {
    const app = api();
    const t = await task();
    await fx.store.tasks.claimNext(now);
    now += 180;
    expect(JSON.parse((await app.inject({ url: `/tasks/${String(t.id)}` })).body)).toMatchObject({
      state: 'processing',
    });
    now += 1;
    expect(JSON.parse((await app.inject({ url: `/tasks/${String(t.id)}` })).body)).toMatchObject({
      state: 'timeout',
    });
    await app.close();
  });

  it('list major task types unless verbose=2, filtered by state, deployment and limit, newest first', async () => {
    const app = api();
    const a = await task('update_release');
    const b = await task('vms', 'dep');
    const c = await task('update_deployment', 'dep');
    const ids = async (url: string) =>
      (JSON.parse((await app.inject({ url })).body) as Array<{ id: number }>).map((x) => x.id);
    expect(await ids('/tasks')).toEqual([c.id, a.id]);
    expect(await ids('/tasks?verbose=2')).toEqual([c.id, b.id, a.id]);
    expect(await ids('/tasks?verbose=2&deployment=dep&limit=1')).toEqual([c.id]);
    expect(await ids('/tasks?state=processing')).toEqual([]);
    await app.close();
  });

  it('cancel by selector (queued by default) and refuse states that cannot be cancelled', async () => {
    const app = api();
    const running = await task();
    await fx.store.tasks.claimNext(now);
    const queued = await task();
    const post = (payload: unknown) =>
      app.inject({
        method: 'POST',
        url: '/tasks/cancel',
        payload: JSON.stringify(payload),
        headers: { 'content-type': 'application/json' },
      });
    expect((await post({})).statusCode).toBe(204);
    expect((await fx.store.tasks.get(queued.id))?.state).toBe('cancelling');
    expect((await fx.store.tasks.get(running.id))?.state).toBe('processing');
    expect((await post({ states: ['processing'] })).statusCode).toBe(204);
    expect((await fx.store.tasks.get(running.id))?.state).toBe('cancelling');
    const refused = await post({ states: ['done'] });
    expect([refused.statusCode, refused.body]).toEqual([
      400,
      'done is not one of the cancellable states: queued, processing',
    ]);
    await app.close();
  });
});
