import { describe, expect, it } from 'vitest';
import { GoFloat, mapOf } from '../../base/yaml/value.js';
import * as der from './der.js';
import { decodeStruct, keyText } from './go-params.js';
import { formatGoFloat as formatYamlFloat } from '../../base/yaml/go-float.js';
import { yamlKeyLess } from '../../base/yaml/key-order.js';
import { scalarNode, sortedEntries } from './go-yaml-node.js';
import { parseGoIp, sanBytes } from './ip.js';
import { decodePem, encodePem } from './pem.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('der', () => {
  it('encodes integers, lengths, OIDs, strings and times as Go does', () => {
    expect(hex(der.integer(0n))).toBe('020100');
    expect(hex(der.integer(128n))).toBe('02020080');
    expect(hex(der.oid('1.2.840.113549.1.1.11'))).toBe('06092a864886f70d01010b');
    expect(hex(der.octetString(new Uint8Array(200))).slice(0, 6)).toBe('0481c8');
    expect(hex(der.octetString(new Uint8Array(300))).slice(0, 8)).toBe('0482012c');
    expect(Buffer.from(der.time(0n)).toString('latin1').slice(2)).toBe('700101000000Z');
    expect(der.time(0n)[0]).toBe(0x17);
    const in2050 = BigInt(Date.UTC(2050, 0, 1) / 1000);
    expect(Buffer.from(der.time(in2050)).toString('latin1').slice(2)).toBe('20500101000000Z');
    expect(der.time(in2050)[0]).toBe(0x18);
    expect(der.time(BigInt(Date.UTC(1949, 11, 31) / 1000))[0]).toBe(0x18);
  });

  it('reads back what it writes, including OIDs with large arcs', () => {
    const encoded = der.sequence(der.oid('2.5.29.37'), der.oid('1.3.6.1.4.1.311.21.7'), der.boolean(true));
    const top = der.readElement(encoded, 0);
    const [a, b, c] = der.children(encoded, top);
    expect(a && der.decodeOid(der.contentOf(encoded, a))).toBe('2.5.29.37');
    expect(b && der.decodeOid(der.contentOf(encoded, b))).toBe('1.3.6.1.4.1.311.21.7');
    expect(c && hex(der.rawOf(encoded, c))).toBe('0101ff');
    expect(() => der.readElement(Uint8Array.of(0x30, 0x05, 0x00), 0)).toThrow('truncated DER');
  });
});

describe('pem', () => {
  it('writes 64-character lines and a trailing newline', () => {
    const text = encodePem('CERTIFICATE', new Uint8Array(60));
    const lines = text.split('\n');
    expect(lines[0]).toBe('-----BEGIN CERTIFICATE-----');
    expect(lines[1]).toHaveLength(64);
    expect(lines[2]).toHaveLength(80 - 64);
    expect(text.endsWith('-----END CERTIFICATE-----\n')).toBe(true);
  });

  it('reads the first valid block anywhere, of any type, skipping headers and broken blocks', () => {
    expect(decodePem('garbage\n' + encodePem('X', Uint8Array.of(1, 2, 3)) + 'tail')).toEqual({
      type: 'X',
      bytes: Buffer.of(1, 2, 3),
    });
    const broken = '-----BEGIN A-----\n!!!\n-----END A-----\n';
    const headers = '-----BEGIN B-----\nProc-Type: 4,ENCRYPTED\n\nAQID\r\n-----END B-----  \n';
    expect(decodePem(broken + headers)).toEqual({ type: 'B', bytes: Buffer.of(1, 2, 3) });
    expect(decodePem('-----BEGIN A-----\n-----END A-----\n')).toEqual({ type: 'A', bytes: Buffer.alloc(0) });
    expect(decodePem('-----BEGIN A-----\nAQID\n-----END B-----\n')).toBeUndefined();
    expect(decodePem('-----BEGIN A-----\nAQI\n-----END A-----\n')).toBeUndefined();
    expect(decodePem(' -----BEGIN A-----\nAQID\n-----END A-----\n')).toBeUndefined();
  });
});

describe('parseGoIp', () => {
  const text = (s: string) => {
    const ip = parseGoIp(s);
    return ip && hex(sanBytes(ip));
  };
  it.each([
    ['10.0.0.5', '0a000005'],
    ['fd00::5', 'fd000000000000000000000000000005'],
    ['::', '00000000000000000000000000000000'],
    ['::ffff:1.2.3.4', '01020304'],
    ['1:2:3:4:5:6:1.2.3.4', '00010002000300040005000601020304'],
    ['FD7A:EEED:E696:969F::4', 'fd7aeeede696969f0000000000000004'],
    ['1::', '00010000000000000000000000000000'],
  ])('%s is an IP', (s, bytes) => {
    expect(text(s)).toBe(bytes);
  });
  it.each([
    '010.0.0.1',
    '1.2.3',
    '256.1.1.1',
    'fe80::1%eth0',
    '1:2:3:4:5:6:7:8::',
    ':1::',
    '1::2::3',
    '12345::',
    'a.b',
    '',
    '*.example.com',
    '1.2.3.4:80',
    '::1.2.3',
  ])('%s is a DNS name', (s) => {
    expect(parseGoIp(s)).toBeUndefined();
  });
});

describe('yaml.v2 round trip of options', () => {
  it('formats floats as FormatFloat(g, -1) and resolves integral ones as ints', () => {
    expect(
      [1e6, 123456.5, 1.5e-5, 0.0001, 1234567, -0, NaN, -Infinity].map((f) => formatYamlFloat(f)),
    ).toEqual(['1e+06', '123456.5', '1.5e-05', '0.0001', '1.234567e+06', '-0', '.nan', '-.inf']);
    expect(scalarNode(new GoFloat(30))).toEqual({ tag: '!!int', text: '30', resolved: 30n });
    expect(scalarNode(1.5)).toEqual({ tag: '!!float', text: '1.5', resolved: 1.5 });
    expect(scalarNode(2n ** 64n - 1n).tag).toBe('!!int');
    expect(keyText(null)).toBe('');
    expect(keyText(true)).toBe('true');
  });

  it('sorts keys as yaml.v2 does: numbers first, digit runs by value, letters after other characters', () => {
    const map = new Map<string | number | boolean | null, number>([
      ['b10', 1],
      ['b9', 2],
      ['a_b', 3],
      ['ab', 4],
      [2, 5],
      [false, 6],
      [null, 7],
    ]);
    expect(sortedEntries(map).map(([k]) => k)).toEqual([false, 2, null, 'a_b', 'ab', 'b9', 'b10']);
    expect(yamlKeyLess('a', 'a')).toBe(false);
  });

  it('converts leniently: any scalar into strings, floats truncated into ints', () => {
    const spec = {
      typeName: 't',
      fields: { s: 'string', n: 'int64', l: '[]string', b: 'bool', t: 'int' },
    } as const;
    const decoded = decodeStruct(mapOf({ s: 1.5, n: 2.9, l: [1, null, true], b: null, other: [] }), spec);
    expect([...decoded]).toEqual([
      ['b', false],
      ['l', ['1', '', 'true']],
      ['n', 2n],
      ['s', '1.5'],
    ]);
    expect(() => decodeStruct(mapOf({ n: 2n ** 63n }), spec)).toThrow(
      'cannot unmarshal !!int `9223372...` into int64',
    );
    expect(() => decodeStruct(mapOf({ s: 'multi\nline\n', t: 'x' }), spec)).toThrow(
      'line 4: cannot unmarshal !!str `x` into int',
    );
  });
});
