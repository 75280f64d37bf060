import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mapOf, type YamlValue } from '../../base/yaml/value.js';
import {
  generateDeploymentValues,
  listDeploymentVariables,
  type DeploymentRef,
} from './deployment-variables.js';
import { NOT_FOUND_ERROR, interpolateForDeployment } from './interpolate-deployment.js';
import {
  manifestVariableSpecs,
  openFixture,
  type ConfigServerFixture,
} from '../../testing/director-config-server-fixture.js';

let fx: ConfigServerFixture;
let clock = 1000;
beforeEach(async () => {
  fx = await openFixture();
});
afterEach(() => fx.close());

const manifest = (extra: Record<string, YamlValue> = {}) =>
  mapOf({
    properties: mapOf({ pw: '((pw))', url: 'https://admin:((pw))@host', shared: '((/shared))', ...extra }),
    variables: [mapOf({ name: 'pw', type: 'password' }), mapOf({ name: '/shared', type: 'password' })],
  });

/** A deploy: a new writable set, generation, interpolation; the set is closed afterwards like a finished deploy. */
async function deploy(d: DeploymentRef, doc: YamlValue, converge = false) {
  const set = await fx.store.variables.createSet({ deploymentId: d.id, createdAt: clock++, writable: true });
  await generateDeploymentValues(fx.deps, d, manifestVariableSpecs(doc), { convergeVariables: converge });
  const out = await interpolateForDeployment(fx.deps, doc, d, set);
  await fx.store.variables.updateSet(set.id, { writable: false, deployedSuccessfully: true });
  return { set: { ...set, writable: false }, out };
}

const prop = (doc: YamlValue, key: string): YamlValue =>
  doc instanceof Map ? ((doc.get('properties') as Map<string, YamlValue>).get(key) ?? null) : null;

describe('deployment variables', () => {
  it('interpolates, records versions, and a later action on the same set gets the same values', async () => {
    const d = await fx.deployment('dep');
    const doc = manifest();
    const { set, out } = await deploy(d, doc);
    const pw = prop(out, 'pw');
    expect(pw).toMatch(/^[a-z0-9]{30}$/);
    expect(prop(out, 'url')).toBe(`https://admin:${pw as string}@host`);
    expect(prop(doc, 'pw')).toBe('((pw))');
    await fx.server.generate('/dir/dep/pw', 'password', null, 'overwrite');
    const again = await interpolateForDeployment(fx.deps, doc, d, set);
    expect(prop(again, 'pw')).toBe(pw);
    const names = (await fx.store.variables.list(set.id)).map((v) => v.variableName);
    expect(names).toEqual(['/dir/dep/pw', '/shared']);
  });

  it('a new deploy keeps values (no-overwrite); with converge_variables changed options give a new version', async () => {
    const d = await fx.deployment('dep');
    const first = await deploy(d, manifest());
    const second = await deploy(d, manifest());
    expect(prop(second.out, 'pw')).toBe(prop(first.out, 'pw'));
    const changed = mapOf({
      properties: mapOf({ pw: '((pw))' }),
      variables: [mapOf({ name: 'pw', type: 'password', options: mapOf({ length: 8 }) })],
    });
    const third = await deploy(d, changed, true);
    expect(prop(third.out, 'pw')).toMatch(/^[a-z0-9]{8}$/);
    const pwId = async (setId: number) =>
      (await fx.store.variables.list(setId)).find((v) => v.variableName === '/dir/dep/pw')?.variableId;
    expect(await pwId(second.set.id)).toBe(await pwId(first.set.id));
    expect(await pwId(third.set.id)).not.toBe(await pwId(first.set.id));
    expect(await interpolateForDeployment(fx.deps, manifest(), d, first.set).then((o) => prop(o, 'pw'))).toBe(
      prop(first.out, 'pw'),
    );
  });

  it('absolute names are shared across deployments, relative ones are per deployment', async () => {
    const a = await deploy(await fx.deployment('a'), manifest());
    const b = await deploy(await fx.deployment('b'), manifest());
    expect(prop(a.out, 'shared')).toBe(prop(b.out, 'shared'));
    expect(prop(a.out, 'pw')).not.toBe(prop(b.out, 'pw'));
  });

  it('resolves ((name.key)) into a generated hash and namespaces a certificate ca', async () => {
    const d = await fx.deployment('dep');
    const doc = mapOf({
      properties: mapOf({ user: '((admin.username))', ca: '((tls.ca))' }),
      variables: [
        mapOf({ name: 'admin', type: 'user', options: mapOf({ username: 'root' }) }),
        mapOf({ name: 'tls_ca', type: 'certificate', options: mapOf({ is_ca: true, common_name: 'ca' }) }),
        mapOf({ name: 'tls', type: 'certificate', options: mapOf({ ca: 'tls_ca', common_name: 'x' }) }),
      ],
    });
    const { out } = await deploy(d, doc);
    expect(prop(out, 'user')).toBe('root');
    expect(prop(out, 'ca')).toBe(
      ((await fx.server.getLatest('/dir/dep/tls_ca'))?.value as Map<string, YamlValue>).get('certificate'),
    );
  });

  it('lists every recorded (id, name) once for `bosh variables`', async () => {
    const d = await fx.deployment('dep');
    const first = await deploy(d, manifest());
    await deploy(d, manifest());
    const recorded = await fx.store.variables.list(first.set.id);
    const list = await listDeploymentVariables(fx.store.variables, d);
    expect(list).toEqual(recorded.map((v) => ({ id: v.variableId, name: v.variableName })));
  });

  it('on-stemcell-change variables keep the previous version unless stemcells change', async () => {
    const d = await fx.deployment('dep');
    const specs = [
      mapOf({ name: 'pw', type: 'password', update: mapOf({ strategy: 'on-stemcell-change' }) }),
    ];
    const doc = mapOf({ properties: mapOf({ pw: '((pw))' }), variables: specs });
    const first = await deploy(d, doc);
    await fx.server.generate('/dir/dep/pw', 'password', null, 'overwrite');
    const kept = await deploy(d, doc);
    expect(prop(kept.out, 'pw')).toBe(prop(first.out, 'pw'));
    const set = await fx.store.variables.createSet({
      deploymentId: d.id,
      createdAt: clock++,
      writable: true,
    });
    await generateDeploymentValues(fx.deps, d, manifestVariableSpecs(doc), { stemcellChange: true });
    expect(prop(await interpolateForDeployment(fx.deps, doc, d, set), 'pw')).not.toBe(prop(first.out, 'pw'));
  });
});

describe('errors', () => {
  it('lists every missing variable with the config server text', async () => {
    const d = await fx.deployment('dep');
    const set = await fx.store.variables.createSet({ deploymentId: d.id, createdAt: 1, writable: true });
    const doc = mapOf({ a: '((x))', b: '((/y.key))' });
    await expect(interpolateForDeployment(fx.deps, doc, d, set)).rejects.toThrow(
      `- Failed to find variable '/dir/dep/x' from config server: HTTP Code '404', Error: '${NOT_FOUND_ERROR}'\n` +
        `- Failed to find variable '/y' from config server: HTTP Code '404', Error: '${NOT_FOUND_ERROR}'`,
    );
  });

  it('outside a deploy: nothing unversioned is read and nothing is generated', async () => {
    const d = await fx.deployment('dep');
    const set = await fx.store.variables.createSet({ deploymentId: d.id, createdAt: 1, writable: false });
    await expect(interpolateForDeployment(fx.deps, mapOf({ a: '((x))' }), d, set)).rejects.toThrow(
      "Expected variable '/dir/dep/x' to be already versioned in deployment 'dep'",
    );
    await expect(generateDeploymentValues(fx.deps, d, manifestVariableSpecs(manifest()))).rejects.toThrow(
      "Variable '/dir/dep/pw' cannot be generated. Variable generation allowed only during deploy action",
    );
  });

  it('checks names, keys and absolute-only contexts with BOSH texts', async () => {
    const d = await fx.deployment('dep');
    const set = await fx.store.variables.createSet({ deploymentId: d.id, createdAt: 1, writable: true });
    await fx.server.generate('/dir/dep/pw', 'password', null);
    const run = (doc: YamlValue, absolute = false) =>
      interpolateForDeployment(fx.deps, doc, d, set, { mustBeAbsoluteName: absolute });
    await expect(run(mapOf({ a: '((pw.key))' }))).rejects.toThrow(
      "- Failed to fetch variable '/dir/dep/pw' from config server: Expected parent '/dir/dep/pw' to be a hash",
    );
    await expect(run(mapOf({ a: '((a.b/c))' }))).rejects.toThrow(
      "Variable name 'a.b/c' syntax error: Must not contain dots before the last slash",
    );
    await expect(run(mapOf({ a: '((pw))', b: '((q))' }), true)).rejects.toThrow(
      "Relative paths are not allowed in this context. The following must be be switched to use absolute paths: 'pw', 'q'",
    );
    const spaced = manifestVariableSpecs(mapOf({ variables: [mapOf({ name: 'a b', type: 'password' })] }));
    await expect(generateDeploymentValues(fx.deps, d, spaced)).rejects.toThrow(
      "Variable name 'a b' must only contain alphanumeric, underscores, dashes, or forward slash characters",
    );
    await expect(
      generateDeploymentValues(fx.deps, d, [{ name: 'a/', type: 'password', options: null }]),
    ).rejects.toThrow("Variable name 'a/' must not end with a forward slash");
  });
});

describe('variableSpecsOf', () => {
  /** The manifest's `variables:` through the manifest parser, then variableSpecsOf; its exact ConfigServerError. */
  const refusal = (variable: Record<string, YamlValue>): unknown => {
    try {
      manifestVariableSpecs(mapOf({ variables: [mapOf({ type: 'password', ...variable })] }));
    } catch (e) {
      return e instanceof Error ? [e.name, e.message] : e;
    }
    return undefined;
  };

  it('refuses a name that is not a string, shown as the config server prints it', () => {
    expect(refusal({ name: 42 })).toEqual([
      'ConfigServerError',
      "Property 'name' value (42) did not match the required type 'String'",
    ]);
    expect(refusal({ name: true })).toEqual([
      'ConfigServerError',
      "Property 'name' value (true) did not match the required type 'String'",
    ]);
    expect(refusal({ name: mapOf({ a: 'b' }) })).toEqual([
      'ConfigServerError',
      "Property 'name' value (map) did not match the required type 'String'",
    ]);
  });

  it('refuses an unknown update_mode', () => {
    expect(refusal({ name: 'pw', update_mode: 'sometimes' })).toEqual([
      'ConfigServerError',
      "Invalid update_mode 'sometimes' for variable 'pw'",
    ]);
  });

  it('refuses an unknown or non-string update strategy', () => {
    for (const strategy of ['never', 5])
      expect(refusal({ name: 'pw', update: mapOf({ strategy }) })).toEqual([
        'ConfigServerError',
        "Invalid update strategy for variable 'pw'",
      ]);
  });

  it('takes the known modes and strategies', () => {
    expect(
      refusal({ name: 'pw', update_mode: 'converge', update: mapOf({ strategy: 'on-stemcell-change' }) }),
    ).toBeUndefined();
    expect(
      manifestVariableSpecs(
        mapOf({
          variables: [
            mapOf({
              name: 'pw',
              type: 'password',
              update_mode: 'converge',
              update: mapOf({ strategy: 'on-deploy' }),
            }),
          ],
        }),
      ),
    ).toEqual([
      { name: 'pw', type: 'password', options: null, updateMode: 'converge', updateStrategy: 'on-deploy' },
    ]);
  });
});
