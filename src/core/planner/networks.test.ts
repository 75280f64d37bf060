import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../base/yaml/parse.js';
import { parseCloudConfig } from '../manifest/index.js';
import type { IpReservation } from '../network/allocate.js';
import { parseIp } from '../network/ip.js';
import { manualNetworkNamed, reserveDynamicIp } from './networks.js';

const cloud = parseCloudConfig(
  parseYaml(`
azs: [{name: z1}, {name: z2}]
vm_types: [{name: small}]
networks:
- name: private
  type: manual
  subnets:
  - {az: z1, range: 10.0.1.0/24, gateway: 10.0.1.1, reserved: [10.0.1.2-10.0.1.9]}
  - {az: z2, range: 10.0.2.0/24, gateway: 10.0.2.1, reserved: [10.0.2.2-10.0.2.9]}
- {name: dyn, type: dynamic, subnets: [{az: z1}]}
- {name: public, type: vip}
compilation: {workers: 1, az: z1, vm_type: small, network: private}
`),
).value;

const owner = { id: 'uuid-1', name: 'web/uuid-1', deployment: 'demo' };

describe('manualNetworkNamed', () => {
  it('is the named manual network; nothing for a dynamic, VIP or unknown one', () => {
    expect(manualNetworkNamed(cloud.networks, 'private')?.subnets.map((s) => s.azNames)).toEqual([
      ['z1'],
      ['z2'],
    ]);
    expect(manualNetworkNamed(cloud.networks, 'dyn')).toBeUndefined();
    expect(manualNetworkNamed(cloud.networks, 'public')).toBeUndefined();
    expect(manualNetworkNamed(cloud.networks, 'nope')).toBeUndefined();
  });
});

describe('reserveDynamicIp', () => {
  const network = manualNetworkNamed(cloud.networks, 'private');
  if (network === undefined) throw new Error('fixture: private is manual');

  it("takes the first free address of the AZ's subnet and adds its reservation", () => {
    const held: IpReservation[] = [
      { ip: parseIp('10.0.2.10/32'), network: 'private', static: false, owner: null },
    ];
    const result = reserveDynamicIp(network, { owner, label: 'web/uuid-1 (0)', az: 'z2' }, held);
    expect(result.ip).toEqual({ network: 'private', ip: '10.0.2.11', type: 'dynamic' });
    expect(result.reservations).toEqual([
      ...held,
      { ip: parseIp('10.0.2.11/32'), network: 'private', static: false, owner },
    ]);
    expect(held).toHaveLength(1);
  });

  it('takes any subnet without an AZ', () => {
    expect(reserveDynamicIp(network, { owner, label: 'compilation-0', az: null }, []).ip.ip).toBe(
      '10.0.1.10',
    );
  });

  it("refuses with BOSH's text when the AZ's subnets are full", () => {
    expect(() => reserveDynamicIp(network, { owner, label: 'web/uuid-1 (0)', az: 'z3' }, [])).toThrow(
      "Failed to reserve IP for 'web/uuid-1 (0)' for manual network 'private': no more available",
    );
  });
});
