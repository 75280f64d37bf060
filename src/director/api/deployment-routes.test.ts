import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDirectorStore } from '../../adapters/db/index.js';
import type { DirectorStore } from '../../ports/director-store.js';
import type { ApiDeps } from './api-deps.js';
import { buildApi } from './app.js';
import { deploymentRoutes } from './deployment-routes.js';

let dir: string;
let store: DirectorStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deployment-routes-'));
  store = await openDirectorStore({ adapter: 'sqlite', path: join(dir, 'director.db') });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function api(scopes = ['bosh.admin']) {
  let notified = 0;
  const deps = {
    uuid: 'uuid',
    store,
    authenticate: () => ({ username: 'admin', scopes }),
    notifyTasks: () => (notified += 1),
    now: () => 1_800_000_000,
    config: { tls: { certificate: '', privateKey: '' } },
  } as unknown as ApiDeps;
  return { app: buildApi(deps, [deploymentRoutes]), notified: () => notified };
}

describe('DELETE /deployments/:name', () => {
  it("answers BOSH's 404 for a deployment that does not exist, and queues nothing", async () => {
    const { app } = api();
    const res = await app.inject({ method: 'DELETE', url: '/deployments/demo' });
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(res.body)).toEqual({ code: 70000, description: "Deployment 'demo' doesn't exist" });
    expect(await store.tasks.list({})).toEqual([]);
    await app.close();
  });

  it("queues a delete_deployment task described as BOSH does, with the query's flags, and redirects to it", async () => {
    const { app, notified } = api();
    await store.deployments.findOrCreate('demo');
    const res = await app.inject({
      method: 'DELETE',
      url: '/deployments/demo?force=true&keep_snapshots=true',
      headers: { 'x-bosh-context-id': 'ctx-1' },
    });
    expect(res.statusCode).toBe(302);
    const [task] = await store.tasks.list({});
    expect(res.headers.location).toBe(`/tasks/${String(task?.id)}`);
    expect(task).toMatchObject({
      state: 'queued',
      type: 'delete_deployment',
      description: 'delete deployment demo',
      deploymentName: 'demo',
      username: 'admin',
      contextId: 'ctx-1',
      payload: { name: 'demo', force: true, keepSnapshots: true },
    });
    expect(notified()).toBe(1);
    await app.close();
  });

  it('sets a flag only for the value true', async () => {
    const { app } = api();
    await store.deployments.findOrCreate('demo');
    await app.inject({ method: 'DELETE', url: '/deployments/demo?force=1&keep_snapshots=false' });
    await app.inject({ method: 'DELETE', url: '/deployments/demo' });
    expect((await store.tasks.list({})).map((t) => t.payload)).toEqual([
      { name: 'demo', force: false, keepSnapshots: false },
      { name: 'demo', force: false, keepSnapshots: false },
    ]);
    await app.close();
  });

  it('needs the admin scope', async () => {
    const { app } = api(['bosh.read']);
    await store.deployments.findOrCreate('demo');
    const res = await app.inject({ method: 'DELETE', url: '/deployments/demo' });
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body)).toEqual({
      code: 600000,
      description: 'Require one of the scopes: bosh.admin, bosh.uuid.admin',
    });
    expect(await store.tasks.list({})).toEqual([]);
    await app.close();
  });
});
