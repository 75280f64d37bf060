import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDirectorStore } from '../../adapters/db/index.js';
import type { DirectorStore } from '../../ports/director-store.js';
import { TaskFiles } from '../tasks/task-files.js';
import type { ApiDeps } from './api-deps.js';
import { buildApi } from './app.js';
import { taskRoutes } from './task-routes.js';

let dir: string;
let store: DirectorStore;
let now = 1_800_000_000;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'task-routes-'));
  store = await openDirectorStore({ adapter: 'sqlite', path: join(dir, 'director.db') });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function api() {
  const deps = {
    uuid: 'uuid',
    store,
    files: new TaskFiles(join(dir, 'tasks')),
    authenticate: () => ({ username: 'admin', scopes: ['bosh.admin'] }),
    now: () => now,
    config: { tls: { certificate: '', privateKey: '' } },
  } as unknown as ApiDeps;
  return buildApi(deps, [taskRoutes]);
}
const task = (type = 'update_release', deploymentName: string | null = null) =>
  store.tasks.create({
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
    await store.tasks.claimNext(now);
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
    await store.tasks.claimNext(now);
    const queued = await task();
    const post = (payload: unknown) =>
      app.inject({
        method: 'POST',
        url: '/tasks/cancel',
        payload: JSON.stringify(payload),
        headers: { 'content-type': 'application/json' },
      });
    expect((await post({})).statusCode).toBe(204);
    expect((await store.tasks.get(queued.id))?.state).toBe('cancelling');
    expect((await store.tasks.get(running.id))?.state).toBe('processing');
    expect((await post({ states: ['processing'] })).statusCode).toBe(204);
    expect((await store.tasks.get(running.id))?.state).toBe('cancelling');
    const refused = await post({ states: ['done'] });
    expect([refused.statusCode, refused.body]).toEqual([
      400,
      'done is not one of the cancellable states: queued, processing',
    ]);
    await app.close();
  });
});
