import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../base/yaml/parse.js';
import { parseCloudConfig } from '../../core/manifest/index.js';
import { messageOf } from '../../testing/yaml-builders.js';
import { compilationNetwork } from '../orchestrator/compilation-network.js';
import { netmaskOf, networkSettings } from './network-settings.js';

const cloud = parseCloudConfig(
  parseYaml(`
azs: [{name: z1}]
vm_types: [{name: small}]
networks:
- name: private
  type: manual
  subnets:
  - {az: z1, range: 10.0.0.0/24, gateway: 10.0.0.1, dns: [8.8.8.8], reserved: [10.0.0.2-10.0.0.9], static: [10.0.0.10], cloud_properties: {net: a}}
  - {az: z1, range: 10.0.2.0/23, gateway: 10.0.2.1, cloud_properties: {net: b}}
- name: dyn
  type: dynamic
  subnets: [{az: z1, dns: [1.1.1.1], cloud_properties: {range: 127.9.0.0/24}}]
- {name: public, type: vip, cloud_properties: {vip: true}}
compilation: {workers: 1, az: z1, vm_type: small, network: private}
`),
).value;

const group = (networks: Array<{ name: string; default?: string[] }>) => ({
  name: 'web',
  networks: networks.map((n) => ({ name: n.name, staticIps: null, default: n.default ?? [] })),
});

describe('networkSettings', () => {
  it('gives a manual network its address with the subnet netmask, gateway, dns and cloud properties', () => {
    expect(
      networkSettings(group([{ name: 'private' }]), cloud, [
        { network: 'private', ip: '10.0.3.200', type: 'dynamic' },
      ]),
    ).toEqual({
      private: {
        type: 'manual',
        ip: '10.0.3.200',
        netmask: '255.255.254.0',
        gateway: '10.0.2.1',
        default: ['dns', 'gateway'],
        cloud_properties: { net: 'b' },
      },
    });
  });

  it('leaves the address of a dynamic network to the IaaS; a VIP network gets its static address', () => {
    const settings = networkSettings(
      group([{ name: 'dyn', default: ['gateway', 'dns'] }, { name: 'public' }]),
      cloud,
      [{ network: 'public', ip: '34.1.2.3', type: 'static' }],
    );
    expect(settings).toEqual({
      dyn: {
        type: 'dynamic',
        default: ['dns', 'gateway'],
        dns: ['1.1.1.1'],
        cloud_properties: { range: '127.9.0.0/24' },
      },
      public: { type: 'vip', ip: '34.1.2.3', cloud_properties: { vip: true } },
    });
  });

  it('refuses a manual network without a reserved address', () => {
    expect(() => networkSettings(group([{ name: 'private' }]), cloud)).toThrow(
      "No IP is reserved for 'web' on network 'private'",
    );
  });

  it('refuses a reserved IP outside every subnet of its manual network', () => {
    expect(
      messageOf(() =>
        networkSettings(group([{ name: 'private' }]), cloud, [
          { network: 'private', ip: '192.168.5.5', type: 'dynamic' },
        ]),
      ),
    ).toBe("IP '192.168.5.5' is in no subnet of network 'private'");
  });

  it('writes netmasks as BOSH does', () => {
    expect(netmaskOf('10.0.0.0/8')).toBe('255.0.0.0');
    expect(netmaskOf('10.0.0.0/30')).toBe('255.255.255.252');
    expect(netmaskOf('fd00::/64')).toBe('64');
  });
});

describe('compilationNetwork', () => {
  it('gives each compilation VM a free address of its own, claimed for the task, and takes it back when the VM goes', async () => {
    const held = [
      {
        ip: { family: 4 as const, base: 0x0a00000an, prefix: 32 },
        network: 'private',
        static: false,
        owner: null,
      },
    ];
    // What another deploy claimed since the plan (.12); every claim and release as the store gets them.
    const taken = new Set(['10.0.0.12/32']);
    const calls: string[] = [];
    const net = compilationNetwork(cloud, 'demo', held, {
      claim: (network, address) => {
        calls.push(`claim ${network} ${address}`);
        if (taken.has(address)) return Promise.resolve(false);
        taken.add(address);
        return Promise.resolve(true);
      },
      release: (address) => {
        calls.push(`release ${address}`);
        taken.delete(address);
        return Promise.resolve();
      },
    });
    const first = await net.addresses?.reserve();
    const second = await net.addresses?.reserve();
    // .1 gateway, .2-.9 reserved, .10 static, .10 also held, .12 claimed meanwhile: .11 and .13 are free.
    expect(first).toMatchObject({
      type: 'manual',
      ip: '10.0.0.11',
      netmask: '255.255.255.0',
      gateway: '10.0.0.1',
    });
    expect(second?.ip).toBe('10.0.0.13');
    if (first !== undefined) await net.addresses?.release(first);
    expect((await net.addresses?.reserve())?.ip).toBe('10.0.0.11');
    expect(calls).toEqual([
      'claim private 10.0.0.11/32',
      'claim private 10.0.0.12/32',
      'claim private 10.0.0.13/32',
      'release 10.0.0.11/32',
      'claim private 10.0.0.11/32',
    ]);
  });
});
