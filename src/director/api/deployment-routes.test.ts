import { describe, expect, it } from 'vitest';
import { routesApi, useTempDirectorStore } from '../../testing/director-api-harness.js';
import { deploymentRoutes } from './deployment-routes.js';

const fx = useTempDirectorStore('deployment-routes-');

function api(scopes = ['bosh.admin']) {
  let notified = 0;
  const extra = { notifyTasks: () => (notified += 1) };
  return { app: routesApi(fx.store, [deploymentRoutes], { scopes, extra }), notified: () => notified };
}

describe('DELETE /deployments/:name', () => {
  it("answers BOSH's 404 for a deployment that does not exist, and queues nothing", async () => {
    const { app } = api();
    const res = await app.inject({ method: 'DELETE', url: '/deployments/demo' });
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(res.body)).toEqual({ code: 70000, description: "Deployment 'demo' doesn't exist" });
    expect(await fx.store.tasks.list({})).toEqual([]);
    await app.close();
  });

  it("queues a delete_deployment task described as BOSH does, with the query's flags, and redirects to it", async () => {
    const { app, notified } = api();
    await fx.store.deployments.findOrCreate('demo');
    const res = await app.inject({
      method: 'DELETE',
      url: '/deployments/demo?force=true&keep_snapshots=true',
      headers: { 'x-bosh-context-id': 'ctx-1' },
    });
    expect(res.statusCode).toBe(302);
    const [task] = await fx.store.tasks.list({});
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
    await fx.store.deployments.findOrCreate('demo');
    await app.inject({ method: 'DELETE', url: '/deployments/demo?force=1&keep_snapshots=false' });
    await app.inject({ method: 'DELETE', url: '/deployments/demo' });
    expect((await fx.store.tasks.list({})).map((t) => t.payload)).toEqual([
      { name: 'demo', force: false, keepSnapshots: false },
      { name: 'demo', force: false, keepSnapshots: false },
    ]);
    await app.close();
  });

  it('needs the admin scope', async () => {
    const { app } = api(['bosh.read']);
    await fx.store.deployments.findOrCreate('demo');
    const res = await app.inject({ method: 'DELETE', url: '/deployments/demo' });
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body)).toEqual({
      code: 600000,
      description: 'Require one of the scopes: bosh.admin, bosh.uuid.admin',
    });
    expect(await fx.store.tasks.list({})).toEqual([]);
    await app.close();
  });
});
