import { describe, expect, it } from 'vitest';
import { messageOf } from '../../testing/yaml-builders.js';
import { consumedLinks, resolveLinks } from './resolve.js';
import type { LinkJob, LinksInput, StoredProvider } from './types.js';

// Consumers of another deployment's links (`deployment: prov`), resolved against what `prov` stored.
const CLIENT_SPEC = { name: 'client', consumes: [{ name: 'conn', type: 'conn', optional: true }] };
const HEADER = "Failed to resolve links from deployment 'cons'. See errors below:\n";

const instance = (index: number, addresses: Record<string, string>) => ({
  name: 'server',
  id: `uuid-${String(index)}`,
  index,
  bootstrap: index === 0,
  az: 'z1',
  address: addresses['default'] ?? '',
  addresses,
  dns_addresses: { default: `uuid-${String(index)}.server.default.prov.bosh` },
});
const CONTENT = {
  deployment_name: 'prov',
  domain: 'bosh',
  default_network: 'default',
  networks: ['default', 'backend'],
  instance_group: 'server',
  properties: { port: 5000 },
  use_short_dns_addresses: false,
  use_dns_addresses: false,
  use_link_dns_names: false,
  instances: [
    instance(0, { default: '10.0.0.2', backend: '10.1.0.2' }),
    instance(1, { default: '10.0.0.3', backend: '10.1.0.3' }),
  ],
};
const stored = (o: Partial<StoredProvider> = {}): StoredProvider => ({
  deployment: 'prov',
  group: 'server',
  job: 'server',
  originalName: 'conn',
  name: 'conn',
  type: 'conn',
  shared: true,
  consumable: true,
  content: CONTENT,
  ...o,
});
const client = (consumes: Record<string, unknown>): LinkJob => ({
  name: 'client',
  release: 'links',
  spec: CLIENT_SPEC,
  provides: {},
  consumes: { conn: { from: 'conn', deployment: 'prov', ...consumes } },
  customProviderDefinitions: [],
  properties: {},
});
const input = (providers: StoredProvider[], consumes: Record<string, unknown> = {}): LinksInput => ({
  deployment: 'cons',
  groups: [{ name: 'cli', networks: [{ name: 'default', default: [] }], jobs: [client(consumes)] }],
  deployments: new Set(['prov', 'cons']),
  foreign: new Map([['prov', providers]]),
});
const failure = (i: LinksInput): string => messageOf(() => resolveLinks(i));

describe('resolveLinks across deployments', () => {
  it("binds the shared provider of the named deployment, its instances addressed on the provider's default network", () => {
    const bound = consumedLinks(resolveLinks(input([stored()])), 'cli', 'client').get('conn');
    expect(bound?.kind).toBe('foreign');
    expect(bound?.kind === 'foreign' ? bound.content : undefined).toEqual({
      deployment_name: 'prov',
      domain: 'bosh',
      default_network: 'default',
      instance_group: 'server',
      properties: { port: 5000 },
      address: 'q-s0.server.default.prov.bosh',
      instances: [
        { name: 'server', id: 'uuid-0', index: 0, bootstrap: true, az: 'z1', address: '10.0.0.2' },
        { name: 'server', id: 'uuid-1', index: 1, bootstrap: false, az: 'z1', address: '10.0.0.3' },
      ],
    });
  });

  it('addresses the instances on the network the consumer names', () => {
    const bound = consumedLinks(resolveLinks(input([stored()], { network: 'backend' })), 'cli', 'client');
    const content = bound.get('conn');
    expect(content?.kind === 'foreign' ? content.content.instances.map((i) => i.address) : []).toEqual([
      '10.1.0.2',
      '10.1.0.3',
    ]);
  });

  it('finds no provider that is not shared, blocked, of another name or type: even an optional consumer fails', () => {
    const providers = [
      stored({ shared: false }),
      stored({ consumable: false }),
      stored({ name: 'other' }),
      stored({ type: 'db' }),
    ];
    expect(failure(input(providers))).toBe(
      HEADER +
        "  - Failed to resolve link 'conn' with type 'conn' from job 'client' in instance group 'cli'. Details below:\n" +
        '    - No link providers found',
    );
  });

  it('finds none in a deployment that stored nothing', () => {
    const none: LinksInput = { ...input([]), foreign: new Map() };
    expect(failure(none)).toContain('    - No link providers found');
  });

  it('names the providers and their deployment when several match', () => {
    const providers = [stored(), stored({ group: 'backup', originalName: 'primary' })];
    expect(failure(input(providers))).toBe(
      HEADER +
        "  - Failed to resolve link 'conn' with type 'conn' from job 'client' in instance group 'cli'. Multiple link providers found:\n" +
        "    - Link provider 'conn' from job 'server' in instance group 'server' in deployment 'prov'\n" +
        "    - Link provider 'primary' with alias 'conn' from job 'server' in instance group 'backup' in deployment 'prov'",
    );
  });

  it('fails in BOSH words when the provider is not on the network the consumer names', () => {
    expect(failure(input([stored()], { network: 'elsewhere' }))).toBe(
      HEADER +
        "  - Failed to resolve link 'conn' with type 'conn' from job 'client' in instance group 'cli'. Details below:\n" +
        "    - Link provider 'conn' from job 'server' in instance group 'server' in deployment 'prov' does not belong to network 'elsewhere'",
    );
  });

  it("fails with BOSH's lookup error when an instance has no address on the network", () => {
    const content = { ...CONTENT, instances: [instance(0, { default: '10.0.0.2' })] };
    expect(failure(input([stored({ content })], { network: 'backend' }))).toBe(
      `${HEADER}  - Provider link does not have network: 'backend'`,
    );
  });
});
