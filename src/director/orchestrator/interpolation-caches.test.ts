import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseYaml } from '../../base/yaml/parse.js';
import { parseDeploymentManifest } from '../../core/manifest/index.js';
import { openFixture, type ConfigServerFixture } from '../../testing/director-config-server-fixture.js';
import type { CompileCpi } from '../compile/types.js';
import type { Resolved } from '../deploy/prepare.js';
import type { DeployDeps } from '../deploy/types.js';
import type { TaskContext } from '../tasks/task-context.js';
import { DeploymentRun } from './deployment-run.js';
import { foreignLinkProperties } from './foreign-link-properties.js';
import { interpolatedEnv } from './render-properties.js';

let fx: ConfigServerFixture;
beforeEach(async () => {
  fx = await openFixture();
});
afterEach(() => fx.close());

const TEXT = `
name: dep
releases: [{name: r, version: '1'}]
stemcells: [{alias: default, os: linux, version: '1'}]
update: {canaries: 1, max_in_flight: 1, canary_watch_time: 1000, update_watch_time: 1000}
instance_groups:
- {name: web, instances: 1, azs: [z1], vm_type: small, stemcell: default, networks: [{name: default}],
   env: {bosh: {password: ((vm_pw))}}, jobs: [{name: web, release: r}]}
`;

const r = { manifest: parseDeploymentManifest(parseYaml(TEXT)).value } as unknown as Resolved;
/** A run of `dep` interpolating through a new writable set (a deploy's). */
async function deployRun(): Promise<DeploymentRun> {
  const d = await fx.deployment('dep');
  const set = await fx.store.variables.createSet({ deploymentId: d.id, createdAt: 1, writable: true });
  const deps = {
    store: fx.store,
    configServer: { server: fx.server, directorName: 'dir' },
  } as unknown as DeployDeps;
  const deployment = { id: d.id, name: 'dep', manifestText: '' };
  return new DeploymentRun(deps, {} as TaskContext, {} as CompileCpi, r, deployment, set);
}

const web = () => {
  const g = r.manifest.instanceGroups[0];
  if (g === undefined) throw new Error('no web group');
  return g;
};

describe("a group's VM env", () => {
  it('is interpolated once per variable set; a failure is tried again by the next VM', async () => {
    const run = await deployRun();
    await expect(interpolatedEnv(run, web())).rejects.toThrow("Failed to find variable '/dir/dep/vm_pw'");
    await fx.server.generate('/dir/dep/vm_pw', 'password', null);
    const env = await interpolatedEnv(run, web());
    expect(env.get('bosh')).toEqual(new Map([['password', expect.stringMatching(/^[a-z0-9]{30}$/)]]));
    expect(await interpolatedEnv(run, web())).toBe(env);
  });
});

describe("another deployment's link properties", () => {
  it("are resolved once per run with that deployment's variables", async () => {
    const run = await deployRun();
    const prov = await fx.deployment('prov');
    await fx.store.variables.createSet({ deploymentId: prov.id, createdAt: 1, writable: true });
    await fx.server.generate('/dir/prov/secret', 'password', null);
    const written = { secret: '((secret))', port: 1 };
    const resolved = await foreignLinkProperties(run, 'prov', written);
    expect(Object.keys(resolved ?? {})).toEqual(['secret', 'port']);
    expect(resolved?.['secret']).toMatch(/^[a-z0-9]{30}$/);
    expect(resolved?.['port']).toBe(1);
    expect(await foreignLinkProperties(run, 'prov', { ...written })).toBe(resolved);
    expect(written).toEqual({ secret: '((secret))', port: 1 });
    expect(await foreignLinkProperties(run, 'gone', written)).toBe(written);
    expect(await foreignLinkProperties(run, 'prov', null)).toBeNull();
  });
});
