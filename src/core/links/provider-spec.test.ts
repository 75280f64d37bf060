import { describe, expect, it } from 'vitest';
import { providerLinkSpec } from './provider-spec.js';
import type { LinkGroup, ProviderIntent } from './types.js';

const PROVIDER: ProviderIntent = {
  group: 'nats',
  job: 'server',
  originalName: 'conn',
  name: 'conn',
  type: 'conn',
  shared: true,
  consumable: true,
  propertyNames: ['port'],
  properties: { port: 4222 },
};
const GROUP: LinkGroup = {
  name: 'nats',
  networks: [
    { name: 'front', default: [] },
    { name: 'back', default: ['addressable', 'dns', 'gateway'] },
  ],
  jobs: [],
};

describe('providerLinkSpec', () => {
  it("stores every instance's address on each network (a DNS name where no IP is known), by index", () => {
    const spec = providerLinkSpec(PROVIDER, 'my_dep', GROUP, [
      { uuid: 'u1', index: 1, az: 'z1', bootstrap: false, addresses: { front: '10.0.0.3' } },
      { uuid: 'u0', index: 0, az: 'z1', bootstrap: true, addresses: { front: '10.0.0.2', back: '10.1.0.2' } },
    ]);
    expect(spec).toEqual({
      deployment_name: 'my_dep',
      domain: 'bosh',
      default_network: 'back',
      networks: ['front', 'back'],
      instance_group: 'nats',
      properties: { port: 4222 },
      use_short_dns_addresses: false,
      use_dns_addresses: false,
      use_link_dns_names: false,
      instances: [
        {
          name: 'nats',
          id: 'u0',
          index: 0,
          bootstrap: true,
          az: 'z1',
          address: '10.1.0.2',
          addresses: { front: '10.0.0.2', back: '10.1.0.2' },
          dns_addresses: { front: 'u0.nats.front.my-dep.bosh', back: 'u0.nats.back.my-dep.bosh' },
        },
        {
          name: 'nats',
          id: 'u1',
          index: 1,
          bootstrap: false,
          az: 'z1',
          address: 'u1.nats.back.my-dep.bosh',
          addresses: { front: '10.0.0.3', back: 'u1.nats.back.my-dep.bosh' },
          dns_addresses: { front: 'u1.nats.front.my-dep.bosh', back: 'u1.nats.back.my-dep.bosh' },
        },
      ],
    });
  });
});
