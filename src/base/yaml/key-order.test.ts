import { describe, expect, it } from 'vitest';
import { sortKeys, yamlKeyLess } from './key-order.js';
import { GoFloat, type YamlKey } from './value.js';

describe('sortKeys (yaml.v2 keyList.Less)', () => {
  it('puts numbers and bools first, compared as numbers, then strings', () => {
    const keys: YamlKey[] = ['b', 10, 'a', true, -1, new GoFloat(1.5), false, 9, null, '10'];
    const sorted = sortKeys(keys).map((k) => (k instanceof GoFloat ? `float ${k.value}` : k));
    expect(sorted).toEqual([-1, false, true, 'float 1.5', 9, 10, null, '10', 'a', 'b']);
  });

  it('orders strings with the digit-run rule (the corpus order)', () => {
    const expected = [
      '_x',
      '9',
      '10',
      'B',
      'Z',
      'a',
      'a1',
      'a01',
      'a2',
      'a9',
      'a10',
      'b',
      'x2',
      'x2y',
      'x10',
      'é',
    ];
    const shuffled = [...expected].reverse();
    expect(sortKeys(shuffled)).toEqual(expected);
  });

  it.each([
    ['a', 'b', true],
    ['B', 'a', true],
    ['a', 'a1', true],
    ['a1', 'a01', true],
    ['a01', 'a2', true],
    ['a9', 'a10', true],
    ['x2y', 'x10', true],
    ['_', 'a', true],
    ['a', '_', false],
    ['ab', 'a', false],
    ['1.10', '1.9', false],
    ['v1.2', 'v1.10', true],
    ['z', 'é', true],
    ['🔑', 'a', true],
    ['a100', 'a0100', true],
    ['12345678901234567890', '12345678901234567891', true],
  ] as const)('%s < %s is %s', (a, b, expected) => {
    expect(yamlKeyLess(a, b)).toBe(expected);
  });

  it('breaks numeric ties by Go kind: bool < int < uint64 < float', () => {
    expect(yamlKeyLess(true, 1)).toBe(true);
    expect(yamlKeyLess(1, new GoFloat(1))).toBe(true);
    expect(yamlKeyLess(2n ** 64n - 1n, new GoFloat(2 ** 64))).toBe(true);
    expect(yamlKeyLess(9007199254740992n, 9007199254740993n)).toBe(true);
  });

  it('is not transitive for a1b / a9 / a10, like Go', () => {
    expect(yamlKeyLess('a10', 'a1b')).toBe(true);
    expect(yamlKeyLess('a1b', 'a9')).toBe(true);
    expect(yamlKeyLess('a9', 'a10')).toBe(true);
  });
});
