import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDirectorStore } from '../../adapters/db/index.js';
import type { DirectorStore } from '../../ports/director-store.js';
import type { ApiDeps } from './api-deps.js';
import { buildApi } from './app.js';
import { variablesRoutes } from './variables-routes.js';

let dir: string;
let store: DirectorStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'variables-routes-'));
  store = await openDirectorStore({ adapter: 'sqlite', path: join(dir, 'director.db') });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function api(scopes: readonly string[]) {
  const deps = {
    uuid: 'uuid',
    store,
    authenticate: () => ({ username: 'admin', scopes }),
    now: () => 1_800_000_000,
    config: { tls: { certificate: '', privateKey: '' } },
  } as unknown as ApiDeps;
  return buildApi(deps, [variablesRoutes]);
}

async function record(setId: number, name: string, variableId: string): Promise<void> {
  await store.variables.add({
    variableSetId: setId,
    variableName: name,
    variableId,
    isLocal: true,
    providerDeployment: '',
  });
}

describe('GET /deployments/:deployment/variables', () => {
  it("lists each (config server id, name) of the deployment's sets once, never a value", async () => {
    const d = await store.deployments.findOrCreate('demo');
    const old = await store.variables.createSet({ deploymentId: d.id, createdAt: 1 });
    const current = await store.variables.createSet({ deploymentId: d.id, createdAt: 2 });
    await record(old.id, '/dir/demo/pw', '3');
    await record(current.id, '/dir/demo/pw', '3');
    await record(current.id, '/dir/demo/ca', '7');
    const other = await store.deployments.findOrCreate('other');
    await record((await store.variables.createSet({ deploymentId: other.id, createdAt: 1 })).id, '/x', '9');

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
    await store.deployments.findOrCreate('demo');
    const denied = await api([]).inject({ method: 'GET', url: '/deployments/demo/variables' });
    expect(denied.statusCode).toBe(401);
  });
});
