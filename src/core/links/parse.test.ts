import { describe, expect, it } from 'vitest';
import { messageOf } from '../../testing/yaml-builders.js';
import { parseConsumers, parseProviders } from './parse.js';
import type { LinkJob } from './types.js';

const SPEC = {
  name: 'db',
  provides: [{ name: 'conn', type: 'conn', properties: ['port', 'auth.user', 'missing'] }],
  consumes: [{ name: 'peer', type: 'conn', optional: true }],
  properties: { port: { default: 5432 }, 'auth.user': { default: 'admin' } },
};
const job = (o: Partial<LinkJob> = {}): LinkJob => ({
  name: 'db',
  release: 'rel',
  spec: SPEC,
  provides: {},
  consumes: {},
  customProviderDefinitions: [],
  properties: {},
  ...o,
});

describe('parseProviders', () => {
  it('maps link properties from the job, else the spec default; an undefined one is an error', () => {
    expect(messageOf(() => parseProviders(job(), 'ig'))).toBe(
      'Link property missing in template db is not defined in release spec',
    );
    const spec = { ...SPEC, provides: [{ name: 'conn', type: 'conn', properties: ['port', 'auth.user'] }] };
    const [p] = parseProviders(job({ spec, properties: { auth: { user: null } } }), 'ig');
    // A key present with nil is found (nil), as Ruby's key? says.
    expect(p?.properties).toEqual({ port: 5432, auth: { user: null } });
  });

  it("validates the manifest's provides and custom provider definitions in BOSH words", () => {
    const spec = { ...SPEC, provides: [{ name: 'conn', type: 'conn' }] };
    expect(messageOf(() => parseProviders(job({ spec, provides: { conn: 3 } }), 'ig'))).toBe(
      "Provider 'conn' in job 'db' in instance group 'ig' specified in the manifest should only be a hash or string 'nil'",
    );
    expect(messageOf(() => parseProviders(job({ spec, provides: { conn: { type: 'x' } } }), 'ig'))).toBe(
      "Cannot specify 'name' or 'type' properties in the manifest for link 'conn' in job 'db' in instance group 'ig'. Please provide these keys in the release only.",
    );
    const custom = [
      { name: 'conn', type: 'conn' },
      { name: '' },
      { name: 'x', type: 't' },
      { name: 'x', type: 't' },
    ];
    expect(messageOf(() => parseProviders(job({ spec, customProviderDefinitions: custom }), 'ig'))).toBe(
      [
        "Custom provider 'conn' in job 'db' in instance group 'ig' is already defined in release 'rel'",
        "Name for custom link provider definition in manifest in job 'db' in instance group 'ig' must be a valid non-empty string.",
        "Type for custom link provider definition in manifest in job 'db' in instance group 'ig' must be a valid non-empty string.",
        "Custom provider 'x' in job 'db' in instance group 'ig' is defined multiple times in manifest.",
      ].join('\n'),
    );
  });

  it('takes custom providers first, with their aliases', () => {
    const spec = { ...SPEC, provides: [{ name: 'conn', type: 'conn' }] };
    const custom = [{ name: 'extra', type: 'x', properties: ['port'] }];
    const intents = parseProviders(
      job({ spec, customProviderDefinitions: custom, provides: { extra: { as: 'e' } } }),
      'ig',
    );
    expect(intents.map((i) => [i.originalName, i.name, i.type, i.properties])).toEqual([
      ['extra', 'e', 'x', { port: 5432 }],
      ['conn', 'conn', 'conn', {}],
    ]);
  });
});

describe('parseConsumers', () => {
  const consumers = (consumes: Record<string, unknown>, deployments: string[] = []) =>
    parseConsumers(job({ consumes }), 'ig', 'dep', new Set(deployments));

  it('records implicit, blocked, aliased and manual consumers', () => {
    expect(consumers({})[0]).toMatchObject({ name: 'peer', explicit: false, optional: true, blocked: false });
    expect(consumers({ peer: 'nil' })[0]).toMatchObject({ explicit: true, blocked: true });
    expect(consumers({ peer: { from: 'other.main', network: 'n2' } })[0]).toMatchObject({
      name: 'main',
      network: 'n2',
    });
    expect(consumers({ peer: { from: 'x', deployment: 'dep' } })[0]).toMatchObject({ fromDeployment: 'dep' });
    expect(consumers({ peer: { address: 'a.b' } })[0]?.manual).toEqual({
      instances: undefined,
      properties: undefined,
      address: 'a.b',
    });
  });

  it("validates the manifest's consumes in BOSH words, all errors of the job together", () => {
    const where = "for link 'peer' in job 'db' in instance group 'ig'.";
    expect(messageOf(() => consumers({ peer: ['x'] }))).toBe(
      "Consumer 'peer' in job 'db' in instance group 'ig' specified in the manifest should only be a hash or string 'nil'",
    );
    expect(
      messageOf(() => consumers({ peer: { from: 'a', properties: {}, ip_addresses: 'yes', name: 'n' } })),
    ).toBe(
      [
        `Cannot specify both 'properties' and 'from' keys ${where}`,
        `Cannot specify 'properties' without 'instances' ${where}`,
        `Cannot specify non boolean values for 'ip_addresses' field ${where}`,
        `Cannot specify 'name' or 'type' properties in the manifest ${where} Please provide these keys in the release only.`,
      ].join('\n'),
    );
    expect(messageOf(() => consumers({ peer: { from: 'a', deployment: 'gone' } }))).toBe(
      "Link 'a' in job 'db' from instance group 'ig' consumes from deployment 'gone', but the deployment does not exist.",
    );
    expect(consumers({ peer: { from: 'a', deployment: 'there' } }, ['there'])[0]?.fromDeployment).toBe(
      'there',
    );
  });
});
