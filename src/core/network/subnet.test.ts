import { describe, expect, it } from 'vitest';
import { formatCidr } from './ip.js';
import { parseManualNetwork, parseManualSubnet, type ManualSubnetSpec } from './subnet.js';

const base: ManualSubnetSpec = { range: '10.0.0.0/24', gateway: '10.0.0.1' };

describe('parseManualSubnet', () => {
  it('restricts network, gateway, broadcast and reserved; splits static', () => {
    const s = parseManualSubnet('default', {
      ...base,
      reserved: ['10.0.0.2 - 10.0.0.9', '10.0.0.4'],
      static: ['10.0.0.10 - 10.0.0.12'],
      azs: ['z1'],
    });
    expect(s.restrictedIps.map(formatCidr)).toEqual([
      '10.0.0.1/32',
      '10.0.0.0/32',
      '10.0.0.255/32',
      '10.0.0.2/31',
      '10.0.0.4/30',
      '10.0.0.8/31',
    ]);
    expect(s.staticIps.map(formatCidr)).toEqual(['10.0.0.10/32', '10.0.0.11/32', '10.0.0.12/32']);
    expect([s.prefix, s.azNames]).toEqual([32, ['z1']]);
  });

  it('static blocks are split at the reservation prefix', () => {
    const s = parseManualSubnet('n', {
      range: '10.0.0.0/24',
      gateway: '10.0.0.1',
      prefix: 28,
      static: ['10.0.0.32/27'],
    });
    expect(s.staticIps.map(formatCidr)).toEqual(['10.0.0.32/32', '10.0.0.48/32']);
  });

  it.each([
    [
      { ...base, range: '10.0.0.1/32' },
      'NetworkInvalidRange',
      "Invalid network range '10.0.0.1/32', should include at least 2 IPs",
    ],
    [
      { ...base, gateway: '10.0.0.0/30' },
      'NetworkInvalidGateway',
      "Invalid gateway for network 'net': must be a single IP",
    ],
    [
      { ...base, gateway: '10.0.1.1' },
      'NetworkInvalidGateway',
      "Invalid gateway for network 'net': must be inside the range",
    ],
    [
      { ...base, gateway: '10.0.0.0' },
      'NetworkInvalidGateway',
      "Invalid gateway for network 'net': can't be the network id",
    ],
    [
      { ...base, gateway: '10.0.0.255' },
      'NetworkInvalidGateway',
      "Invalid gateway for network 'net': can't be the broadcast IP",
    ],
    [
      { ...base, reserved: ['10.0.1.5'] },
      'NetworkReservedIpOutOfRange',
      "Reserved IP '10.0.1.5/32' is out of network 'net' range",
    ],
    [
      { ...base, static: ['10.0.1.5'] },
      'NetworkStaticIpOutOfRange',
      "Static IP '10.0.1.5/32' is out of network 'net' range",
    ],
    [
      { ...base, reserved: '10.0.0.20-10.0.0.30', static: ['10.0.0.25'] },
      'NetworkStaticIpOutOfRange',
      "Static IP '10.0.0.25/32' is in network 'net' reserved range",
    ],
    [
      { ...base, static: ['10.0.0.1'] },
      'NetworkStaticIpOutOfRange',
      "Static IP '10.0.0.1/32' is in network 'net' reserved range",
    ],
    [{ ...base, prefix: 16 }, 'NetworkPrefixSizeTooBig', "Prefix size '16' is larger than range prefix '24'"],
    [{ ...base, static: ['10.0.0.5 - x'] }, 'NetworkInvalidIpRangeFormat', 'Invalid IP or CIDR format: x'],
    [
      { ...base, az: 'z1', azs: ['z1'] },
      'NetworkInvalidProperty',
      "Network 'net' contains both 'az' and 'azs'. Choose one.",
    ],
    [{ ...base, azs: [] }, 'NetworkInvalidProperty', "Network 'net' refers to an empty 'azs' array"],
    [
      { ...base, az: 'z9' },
      'NetworkSubnetUnknownAvailabilityZone',
      "Network 'net' refers to an unknown availability zone 'z9'",
    ],
  ] as const)('%j → %s', (spec, kind, message) => {
    expect(() => parseManualSubnet('net', spec, { knownAzs: ['z1', 'z2'] })).toThrow(
      expect.objectContaining({ kind, message }),
    );
  });

  it.each([
    [
      [base, { ...base, range: '10.0.0.128/25', gateway: '10.0.0.129' }],
      "Network 'net' has overlapping subnets",
    ],
    [
      [
        { ...base, az: 'z1' },
        { range: '10.0.1.0/24', gateway: '10.0.1.1' },
      ],
      "Subnets on network 'net' must all either specify availability zone or not",
    ],
    [
      [
        base,
        { range: '10.0.1.0/24', gateway: '10.0.1.1', prefix: 28 },
        { range: '10.0.2.0/24', gateway: '10.0.2.1' },
      ],
      "Network 'net' has subnets that define different prefixes",
    ],
  ] as const)('network checks: %s', (specs, message) => {
    expect(() => parseManualNetwork('net', specs)).toThrow(message);
  });

  it('BOSH only notices differing prefixes from the third subnet on', () => {
    expect(() =>
      parseManualNetwork('net', [base, { range: '10.0.1.0/24', gateway: '10.0.1.1', prefix: 28 }]),
    ).not.toThrow();
  });
});
