import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseYaml } from '../../base/yaml/parse.js';
import type { YamlMap } from '../../base/yaml/value.js';
import { parseDeploymentManifest } from '../../core/manifest/index.js';
import type { VariableSetRecord } from '../../ports/director-store.js';
import { openFixture, type ConfigServerFixture } from '../../testing/director-config-server-fixture.js';
import { NOT_FOUND_ERROR, generateDeploymentValues, variableSpecsOf } from '../config-server/index.js';
import type { Resolved } from '../deploy/prepare.js';
import type { DeployDeps } from '../deploy/types.js';
import type { CompileCpi } from '../compile/types.js';
import type { TaskContext } from '../tasks/task-context.js';
import { DeploymentRun } from './deployment-run.js';
import { interpolatedEnv, renderProperties, withPropertiesDigests } from './render-properties.js';

let fx: ConfigServerFixture;
let clock = 1;
beforeEach(async () => {
  fx = await openFixture();
});
afterEach(() => fx.close());

const MANIFEST = (property: string) => `
name: dep
releases: [{name: r, version: '1'}]
stemcells: [{alias: default, os: linux, version: '1'}]
update: {canaries: 1, max_in_flight: 1, canary_watch_time: 1000, update_watch_time: 1000}
variables: [{name: pw, type: password}]
instance_groups:
- {name: web, instances: 1, azs: [z1], vm_type: small, stemcell: default, networks: [{name: default}],
   env: {bosh: {password: ((pw))}}, jobs: [{name: web, release: r, properties: {pw: '${property}', x: 1}}]}
- {name: plain, instances: 1, azs: [z1], vm_type: small, stemcell: default, networks: [{name: default}],
   jobs: [{name: web, release: r, properties: {a: b}}]}
`;

const resolved = (text: string) =>
  ({ manifest: parseDeploymentManifest(parseYaml(text)).value }) as unknown as Resolved;

const deps = (enabled = true) =>
  ({
    store: fx.store,
    ...(enabled ? { configServer: { server: fx.server, directorName: 'dir' } } : {}),
  }) as unknown as DeployDeps;

/** A deploy's set: new, writable, the manifest's variables generated into it. */
async function deploySet(text: string): Promise<VariableSetRecord> {
  const d = await fx.deployment('dep');
  const set = await fx.store.variables.createSet({ deploymentId: d.id, createdAt: clock++, writable: true });
  await generateDeploymentValues(fx.deps, d, variableSpecsOf(resolved(text).manifest.variables));
  return set;
}

function runOf(r: Resolved, set: VariableSetRecord, enabled = true): DeploymentRun {
  const deployment = { id: set.deploymentId, name: 'dep', manifestText: '' };
  return new DeploymentRun(deps(enabled), {} as TaskContext, {} as CompileCpi, r, deployment, set);
}

/** Group `web` and its job. */
function web(r: Resolved) {
  const g = r.manifest.instanceGroups[0];
  const j = g?.jobs[0];
  if (g === undefined || j === undefined) throw new Error('no web job');
  return [g, j] as const;
}
const get = (m: YamlMap, key: string) => m.get(key);

describe('render properties', () => {
  it('renders the values; the planner digest is a hash that moves only with a value', async () => {
    const text = MANIFEST('((pw))');
    const set = await deploySet(text);
    const r = await withPropertiesDigests(deps(), resolved(text), { id: set.deploymentId, name: 'dep' }, set);
    const run = runOf(r, set);
    const props = await renderProperties(run, ...web(r));
    const pw = get(props, 'pw') as string;
    expect(pw).toMatch(/^[a-z0-9]{30}$/);
    expect(get(props, 'x')).toBe(1);
    expect(get(await interpolatedEnv(run, web(r)[0]), 'bosh')).toEqual(new Map([['password', pw]]));
    const digest = r.propertiesDigests?.['web'] ?? '';
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(r.propertiesDigests).not.toHaveProperty('plain');

    // The next deploy (a new set, the value kept): the same digest. A new version of the value: another one.
    const again = await deploySet(text);
    const ref = { id: again.deploymentId, name: 'dep' };
    expect((await withPropertiesDigests(deps(), resolved(text), ref, again)).propertiesDigests).toEqual({
      web: digest,
    });
    await fx.server.generate('/dir/dep/pw', 'password', null, 'overwrite');
    const changed = await deploySet(text);
    const moved = await withPropertiesDigests(deps(), resolved(text), ref, changed);
    expect(moved.propertiesDigests?.['web']).toMatch(/^sha256:/);
    expect(moved.propertiesDigests?.['web']).not.toBe(digest);
  });

  it("fails rendering with BOSH's error when a variable is missing; planning goes on", async () => {
    const text = MANIFEST('((missing))');
    const set = await deploySet(text);
    const r = await withPropertiesDigests(deps(), resolved(text), { id: set.deploymentId, name: 'dep' }, set);
    expect(r.propertiesDigests).toEqual({});
    await expect(renderProperties(runOf(r, set), ...web(r))).rejects.toThrow(
      'Unable to render instance groups for deployment. Errors are:\n' +
        "  - Unable to render jobs for instance group 'web'. Errors are:\n" +
        "    - Unable to render templates for job 'web'. Errors are:\n" +
        "      - Failed to find variable '/dir/dep/missing' from config server: HTTP Code '404', " +
        `Error: '${NOT_FOUND_ERROR}'`,
    );
  });

  it('renders as written without a config server (BOSH with the config server disabled)', async () => {
    const text = MANIFEST('((pw))');
    const set = await deploySet(text);
    const r = resolved(text);
    expect(await withPropertiesDigests(deps(false), r, { id: set.deploymentId, name: 'dep' }, set)).toBe(r);
    const props = await renderProperties(runOf(r, set, false), ...web(r));
    expect(get(props, 'pw')).toBe('((pw))');
  });

  it("merges a job's group properties over the global ones deeply, as BOSH's recursive_merge", async () => {
    const text = `
name: dep
releases: [{name: r, version: '1'}]
stemcells: [{alias: default, os: linux, version: '1'}]
update: {canaries: 1, max_in_flight: 1, canary_watch_time: 1000, update_watch_time: 1000}
properties: {nats: {user: u, port: 4222}, top: g}
instance_groups:
- {name: web, instances: 1, azs: [z1], vm_type: small, stemcell: default, networks: [{name: default}],
   properties: {nats: {password: p, port: 4223}}, jobs: [{name: web, release: r}]}
`;
    const set = await deploySet(text);
    const r = resolved(text);
    const props = await renderProperties(runOf(r, set), ...web(r));
    const nats = get(props, 'nats') as YamlMap;
    expect([...nats.entries()]).toEqual([
      ['user', 'u'],
      ['port', 4223],
      ['password', 'p'],
    ]);
    expect(get(props, 'top')).toBe('g');
  });
});
