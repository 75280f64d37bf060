import { describe, expect, it } from 'vitest';
import { defaultNetworkName, linkContent } from './content.js';
import type { LinkGroup, ProviderIntent } from './types.js';

const PROVIDER: ProviderIntent = {
  group: 'nats_server',
  job: 'server',
  originalName: 'conn',
  name: 'conn',
  type: 'conn',
  shared: false,
  consumable: true,
  propertyNames: ['port'],
  properties: { port: 4222 },
};
const GROUP: LinkGroup = { name: 'nats_server', networks: [{ name: 'default', default: [] }], jobs: [] };
const instance = (index: number, addresses: Record<string, string>) => ({
  uuid: `uuid-${String(index)}`,
  index,
  az: 'z1',
  bootstrap: index === 0,
  addresses,
});

describe('linkContent', () => {
  it("gives the provider's instances (by index) with their addresses, properties and the link's DNS query", () => {
    const content = linkContent({ kind: 'provider', provider: PROVIDER, network: null }, 'my_dep', GROUP, [
      instance(1, { default: '10.0.0.3' }),
      instance(0, { default: '10.0.0.2' }),
    ]);
    expect(content).toEqual({
      deployment_name: 'my_dep',
      domain: 'bosh',
      default_network: 'default',
      instance_group: 'nats_server',
      properties: { port: 4222 },
      address: 'q-s0.nats-server.default.my-dep.bosh',
      instances: [
        { name: 'nats_server', id: 'uuid-0', index: 0, bootstrap: true, az: 'z1', address: '10.0.0.2' },
        { name: 'nats_server', id: 'uuid-1', index: 1, bootstrap: false, az: 'z1', address: '10.0.0.3' },
      ],
    });
  });

  it("addresses an instance by its DNS name until its IP is known, on the consumer's network if it names one", () => {
    const group: LinkGroup = {
      ...GROUP,
      networks: [
        { name: 'a', default: ['dns', 'gateway'] },
        { name: 'b', default: [] },
      ],
    };
    expect(defaultNetworkName(group)).toBe('a');
    const content = linkContent({ kind: 'provider', provider: PROVIDER, network: 'b' }, 'd', group, [
      instance(0, {}),
    ]);
    expect(content.default_network).toBe('b');
    expect(content.instances[0]?.address).toBe('uuid-0.nats-server.b.d.bosh');
  });

  it('passes a manual link through', () => {
    const manual = { instances: [{ address: 'x.example' }], properties: { a: 1 }, address: 'lb.example' };
    expect(linkContent({ kind: 'manual', manual }, 'd', undefined, [])).toEqual({
      instances: [{ address: 'x.example' }],
      properties: { a: 1 },
      address: 'lb.example',
      deployment_name: 'd',
    });
  });
});
