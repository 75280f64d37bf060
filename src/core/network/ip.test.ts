import { describe, expect, it } from 'vitest';
import { formatAddress, formatCidr, formatShort, ipCount, ipIncludes, parseIp } from './ip.js';
import { eachIp, rangeToCidrs } from './ranges.js';

describe('parseIp / formatCidr (IPAddr semantics; expectations from Ruby 3.1 IPAddr)', () => {
  it.each([
    ['10.0.0.5', '10.0.0.5/32'],
    ['10.0.0.5/24', '10.0.0.0/24'],
    ['10.0.0.0/255.255.255.0', '10.0.0.0/24'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['2001:db8::1', '2001:db8::1/128'],
    ['::1', '::1/128'],
    ['::', '::/128'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1/128'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3/128'],
    ['::ffff:10.0.0.1', '::ffff:10.0.0.1/128'],
    ['::1:2', '::0.1.0.2/128'],
    ['fe80::/64', 'fe80::/64'],
    ['2001:DB8::5/64', '2001:db8::/64'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1/128'],
  ])('%s → %s', (input, out) => {
    expect(formatCidr(parseIp(input))).toBe(out);
  });

  it.each([
    '010.0.0.1',
    '10.0.0',
    '10.0.0.1/33',
    '1.2.3.4/255.0.255.0',
    'abc',
    '10.0.0.256',
    '',
    ' 10.0.0.1',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '2001:db8::/129',
  ])('refuses %j with BOSH’s message', (input) => {
    expect(() => parseIp(input)).toThrow(`Invalid IP or CIDR format: ${input}`);
  });

  it('counts, includes, formats', () => {
    const net = parseIp('10.0.0.0/24');
    expect(ipCount(net)).toBe(256n);
    expect(ipIncludes(net, parseIp('10.0.0.255'))).toBe(true);
    expect(ipIncludes(net, parseIp('10.0.1.0'))).toBe(false);
    expect(ipIncludes(net, parseIp('10.0.0.0/16'))).toBe(false); // Ruby 3 include?: whole block inside
    expect(ipIncludes(net, parseIp('::1'))).toBe(false);
    expect(formatShort(parseIp('10.0.0.5'))).toBe('10.0.0.5');
    expect(formatShort(parseIp('10.0.0.8/30'))).toBe('10.0.0.8/30');
    expect(formatAddress(167772161n)).toBe('10.0.0.1');
  });
});

describe('ranges and lists (IpUtil#each_ip)', () => {
  const fmt = (entries: Parameters<typeof eachIp>[0], expanded = false) =>
    eachIp(entries, expanded).map(formatCidr);

  it.each([
    ['10.0.0.10', ['10.0.0.10/32']],
    ['10.0.0.0/30', ['10.0.0.0/30']],
    ['10.0.0.10 - 10.0.0.20', ['10.0.0.10/31', '10.0.0.12/30', '10.0.0.16/30', '10.0.0.20/32']],
    ['10.0.0.0-10.0.0.255', ['10.0.0.0/24']],
    ['10.0.0.1-10.0.0.1', ['10.0.0.1/32']],
    ['10.0.0.5-10.0.0.1', []],
    ['10.0.0.7-', ['10.0.0.7/32']], // Ruby's split drops the trailing empty field
    [
      ['10.0.0.2', '10.0.0.4 - 10.0.0.5'],
      ['10.0.0.2/32', '10.0.0.4/31'],
    ],
    ['2001:db8::1 - 2001:db8::4', ['2001:db8::1/128', '2001:db8::2/127', '2001:db8::4/128']],
  ] as const)('%j', (input, expected) => {
    expect(fmt(input)).toEqual(expected);
  });

  it('expanded lists every address', () => {
    expect(fmt('10.0.0.0/30', true)).toEqual(['10.0.0.0/32', '10.0.0.1/32', '10.0.0.2/32', '10.0.0.3/32']);
    expect(fmt('10.0.0.9 - 10.0.0.11', true)).toEqual(['10.0.0.9/32', '10.0.0.10/32', '10.0.0.11/32']);
    expect(fmt(undefined)).toEqual([]);
  });

  it.each([
    ['10.0.0.1 - 10.0.0.2 - 10.0.0.3', 'Invalid IP range format: 10.0.0.1 - 10.0.0.2 - 10.0.0.3'],
    ['10.0.0.0/24 - 10.0.1.0', 'Invalid IP range format: 10.0.0.0/24 - 10.0.1.0'],
    ['-10.0.0.1', 'Invalid IP or CIDR format: '],
    ['10.0.0.x', 'Invalid IP or CIDR format: 10.0.0.x'],
    ['10.0.0.1 - foo', 'Invalid IP or CIDR format: foo'],
  ])('%j → %s (NetworkInvalidIpRangeFormat)', (input, message) => {
    expect(() => eachIp(input, false)).toThrow(message);
    expect(() => eachIp(input, false)).toThrow(
      expect.objectContaining({ kind: 'NetworkInvalidIpRangeFormat' }),
    );
  });

  it('rangeToCidrs covers the whole IPv4 space with one block', () => {
    expect(rangeToCidrs(parseIp('0.0.0.0'), parseIp('255.255.255.255')).map(formatCidr)).toEqual([
      '0.0.0.0/0',
    ]);
  });
});
