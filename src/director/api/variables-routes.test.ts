import { describe, expect, it } from 'vitest';
import { routesApi, useTempDirectorStore } from '../../testing/director-api-harness.js';
import { variablesRoutes } from './variables-routes.js';

const fx = useTempDirectorStore('variables-routes-');

const api = (scopes: readonly string[]) => routesApi(fx.store, [variablesRoutes], { scopes });

async function record(setId: number, name: string, variableId: string): Promise<void> {
  await fx.store.variables.add({
    variableSetId: setId,
    variableName: name,
    variableId,
    isLocal: true,
    providerDeployment: '',
  });
}

describe('GET /deployments/:deployment/variables', () => {
  it("lists each (config server id, name) of the deployment's sets once, never a value", async () => {
    const d = await fx.store.deployments.findOrCreate('demo');
    const old = await fx.store.variables.createSet({ deploymentId: d.id, createdAt: 1 });
    const current = await fx.store.variables.createSet({ deploymentId: d.id, createdAt: 2 });
    await record(old.id, '/dir/demo/pw', '3');
    await record(current.id, '/dir/demo/pw', '3');
    await record(current.id, '/dir/demo/ca', '7');
    const other = await fx.store.deployments.findOrCreate('other');
    await record(
      (await fx.store.variables.createSet({ deploymentId: other.id, createdAt: 1 })).id,
      '/x',
      '9',
    );

    const res = await api(['bosh.read']).inject({ method: 'GET', url: '/deployments/demo/variables' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      { id: '7', name: '/dir/demo/ca' },
      { id: '3', name: '/dir/demo/pw' },
    ]);
  });

  it("answers BOSH's errors for an unknown deployment and a caller without read access", async () => {
    const missing = await api(['bosh.admin']).inject({ method: 'GET', url: '/deployments/nope/variables' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ code: 70000, description: "Deployment 'nope' doesn't exist" });
    await fx.store.deployments.findOrCreate('demo');
    const denied = await api([]).inject({ method: 'GET', url: '/deployments/demo/variables' });
    expect(denied.statusCode).toBe(401);
  });
});
