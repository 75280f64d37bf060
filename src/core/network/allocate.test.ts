import { describe, expect, it } from 'vitest';
import { formatCidr, parseIp } from './ip.js';
import {
  reserveManualIp,
  type IpReservation,
  type ManualNetwork,
  type ReservationRequest,
} from './allocate.js';
import { parseManualNetwork } from './subnet.js';

describe('reserveManualIp', () => {
  const network: ManualNetwork = {
    name: 'default',
    subnets: parseManualNetwork('default', [
      { range: '10.0.0.0/29', gateway: '10.0.0.1', reserved: ['10.0.0.2'], static: ['10.0.0.6'], az: 'z1' },
      { range: '10.0.1.0/29', gateway: '10.0.1.1', az: 'z2' },
    ]),
  };
  const owner = (n: number, deployment = 'dep') => ({ id: `u${n}`, name: `web/u${n}`, deployment });
  const req = (n: number, extra: Partial<ReservationRequest> = {}): ReservationRequest => ({
    owner: owner(n),
    label: `web/u${n} (${n})`,
    az: 'z1',
    ...extra,
  });

  it('dynamic IPs: first free in the AZ’s subnet, skipping gateway/reserved/static/network/broadcast and taken IPs', () => {
    let current: readonly IpReservation[] = [];
    const got: string[] = [];
    for (const n of [0, 1, 2]) {
      const r = reserveManualIp(network, req(n), current);
      current = r.reservations;
      got.push(`${formatCidr(r.reservation.ip)} ${r.type}`);
    }
    expect(got).toEqual(['10.0.0.3/32 dynamic', '10.0.0.4/32 dynamic', '10.0.0.5/32 dynamic']);
    expect(() => reserveManualIp(network, req(3), current)).toThrow(
      expect.objectContaining({
        kind: 'NetworkReservationNotEnoughCapacity',
        message: "Failed to reserve IP for 'web/u3 (3)' for manual network 'default': no more available",
      }),
    );
    expect(formatCidr(reserveManualIp(network, req(3, { az: 'z2' }), current).reservation.ip)).toBe(
      '10.0.1.2/32',
    );
    // no AZ: every subnet in order
    expect(formatCidr(reserveManualIp(network, req(3, { az: undefined }), current).reservation.ip)).toBe(
      '10.0.1.2/32',
    );
  });

  it('takes IPs held by other deployments into account and fills holes', () => {
    const held: IpReservation[] = [
      { ip: parseIp('10.0.0.4/32'), network: 'other', static: false, owner: owner(9, 'other') },
    ];
    expect(formatCidr(reserveManualIp(network, req(0), held).reservation.ip)).toBe('10.0.0.3/32');
    const held2 = [
      ...held,
      { ip: parseIp('10.0.0.3/32'), network: 'default', static: false, owner: owner(8) },
    ];
    expect(formatCidr(reserveManualIp(network, req(0), held2).reservation.ip)).toBe('10.0.0.5/32');
  });

  it('static IPs are reserved as asked and typed static', () => {
    const r = reserveManualIp(network, req(0, { ip: '10.0.0.6' }), []);
    expect([formatCidr(r.reservation.ip), r.type, r.reservation.static]).toEqual([
      '10.0.0.6/32',
      'static',
      true,
    ]);
    // the same instance asking again keeps its row
    expect(reserveManualIp(network, req(0, { ip: '10.0.0.6' }), r.reservations).reservations).toHaveLength(1);
  });

  it.each([
    [
      '10.0.2.5',
      [],
      'NetworkReservationIpOutsideSubnet',
      "Provided static IP '10.0.2.5/32' does not belong to any subnet in network 'default'",
    ],
    [
      '10.0.0.2',
      [],
      'NetworkReservationIpReserved',
      "Failed to reserve IP '10.0.0.2/32' for network 'default': IP belongs to reserved range",
    ],
    [
      '10.0.0.1',
      [],
      'NetworkReservationIpReserved',
      "Failed to reserve IP '10.0.0.1/32' for network 'default': IP belongs to reserved range",
    ],
    [
      '10.0.0.4',
      [],
      'NetworkReservationWrongType',
      "IP '10.0.0.4/32' on network 'default' does not belong to static pool",
    ],
    [
      '10.0.0.6',
      [{ ip: parseIp('10.0.0.6/32'), network: 'default', static: true, owner: owner(7, 'cf') }],
      'NetworkReservationAlreadyInUse',
      "Failed to reserve IP '10.0.0.6/32' for instance 'web/u0 (0)': already reserved by instance 'web/u7' from deployment 'cf'",
    ],
    [
      '10.0.0.6',
      [{ ip: parseIp('10.0.0.6/32'), network: 'default', static: true, owner: null }],
      'NetworkReservationAlreadyInUse',
      "Failed to reserve IP '10.0.0.6/32' for instance 'web/u0 (0)': already reserved by orphaned instance",
    ],
    ['10.0.0.x', [], 'DirectorError', 'Invalid IP or CIDR format: 10.0.0.x'],
  ] as const)('static %s → %s', (ip, current, kind, message) => {
    expect(() => reserveManualIp(network, req(0, { ip }), current)).toThrow(
      expect.objectContaining({ kind, message }),
    );
  });

  it('with a reservation prefix, dynamic blocks are prefix-sized and skip overlapping ones', () => {
    const net: ManualNetwork = {
      name: 'pods',
      subnets: parseManualNetwork('pods', [{ range: '10.1.0.0/24', gateway: '10.1.0.1', prefix: 28 }]),
    };
    const first = reserveManualIp(net, req(0, { az: undefined }), []);
    expect(formatCidr(first.reservation.ip)).toBe('10.1.0.16/28'); // .0/28 holds the network id and gateway
    const second = reserveManualIp(net, req(1, { az: undefined }), first.reservations);
    expect(formatCidr(second.reservation.ip)).toBe('10.1.0.32/28');
  });
});
