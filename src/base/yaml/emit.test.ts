import { describe, expect, it } from 'vitest';
import { emitYaml } from './emit.js';
import { OrderedYamlMap } from './ordered-map.js';
import { GoFloat, mapOf, type YamlValue } from './value.js';

/** Root-level scalar documents: the style yaml.v2 Marshal picks for each string. */
const STRING_STYLES: readonly (readonly [string, string])[] = [
  // Plain: nothing would read back differently.
  ['abc', 'abc'],
  ['a:b', 'a:b'],
  ['a#b', 'a#b'],
  ['?q', '?q'],
  ["it's", "it's"],
  ['key with spaces', 'key with spaces'],
  ['2002-12-14T10:11:12', '2002-12-14T10:11:12'],
  ['https://x?a=b', 'https://x?a=b'],
  ['1.2.3', '1.2.3'],
  ['fd7a::1', 'fd7a::1'],
  ['12e', '12e'],
  ['<<', '<<'],
  ['é ü', 'é ü'],
  ['\u00a0x', '\u00a0x'],
  // Double-quoted: the plain form would resolve to another type (or base 60).
  ['yes', '"yes"'],
  ['on', '"on"'],
  ['y', '"y"'],
  ['Null', '"Null"'],
  ['True', '"True"'],
  ['Off', '"Off"'],
  ['~', '"~"'],
  ['', '""'],
  ['123', '"123"'],
  ['+12', '"+12"'],
  ['-0', '"-0"'],
  ['1_000', '"1_000"'],
  ['010', '"010"'],
  ['0o14', '"0o14"'],
  ['0x1F', '"0x1F"'],
  ['0b101', '"0b101"'],
  ['1.0', '"1.0"'],
  ['.5', '".5"'],
  ['1e3', '"1e3"'],
  ['.inf', '".inf"'],
  ['-.Inf', '"-.Inf"'],
  ['.NaN', '".NaN"'],
  ['1:20', '"1:20"'],
  ['-1:30', '"-1:30"'],
  ['190:20:30', '"190:20:30"'],
  ['2001-12-14', '"2001-12-14"'],
  // Single-quoted: libyaml does not allow these plain.
  ['*star', "'*star'"],
  ['- dash', "'- dash'"],
  ['-', "'-'"],
  ['?', "'?'"],
  [' lead', "' lead'"],
  ['trail ', "'trail '"],
  ['key: colon', "'key: colon'"],
  ['a #b', "'a #b'"],
  ['#x', "'#x'"],
  ['@at', "'@at'"],
  ['`t', "'`t'"],
  ['|', "'|'"],
  ["'", "''''"],
  ['"q"', `'"q"'`],
  ['---x', "'---x'"],
  ['...', "'...'"],
  // Double-quoted with escapes.
  ['a\tb', '"a\\tb"'],
  ['a\x07b', '"a\\ab"'],
  ['a\x1bb', '"a\\eb"'],
  ['a\x7fb', '"a\\x7Fb"'],
  ['a\u0085b', '"a\\Nb"'],
  ['x\r\n', '"x\\r\\n"'],
  ['a \nb', '"a \\nb"'],
  ['\u{1F600} x', '"\\U0001F600 x"'],
  ['\uFEFFbom', '"\\uFEFF\\x62\\x6F\\x6D"'],
  // Literal blocks.
  ['a\nb', '|-\n  a\n  b'],
  ['a\n', '|\n  a'],
  ['a\n\n', '|+\n  a\n'],
  [' a\nb', '|2-\n   a\n  b'],
  ['\n', '|2+\n'],
  ['a\n b', '|-\n  a\n   b'],
  // A line separator is a break libyaml keeps inside single quotes, followed by indentation.
  ['a\u2028b', "'a\u2028  b'"],
];

describe('emitYaml: string styles', () => {
  it.each(STRING_STYLES)('%j', (value, expected) => {
    expect(emitYaml(value)).toBe(`${expected}\n`);
  });
});

describe('emitYaml: other scalars', () => {
  it.each([
    [null, 'null'],
    [true, 'true'],
    [false, 'false'],
    [42, '42'],
    [-7, '-7'],
    [2n ** 63n - 1n, '9223372036854775807'],
    [2n ** 64n - 1n, '18446744073709551615'],
    [1.5, '1.5'],
    [new GoFloat(1), '1'],
    [new GoFloat(1e6), '1e+06'],
    [new GoFloat(-0), '-0'],
    [-0, '-0'],
    [Number.NaN, '.nan'],
    [Number.NEGATIVE_INFINITY, '-.inf'],
  ] as const)('%s', (value, expected) => {
    expect(emitYaml(value)).toBe(`${expected}\n`);
  });
});

describe('emitYaml: layout', () => {
  const cases: readonly (readonly [string, YamlValue, string])[] = [
    ['empty map', new Map(), '{}\n'],
    ['empty list', [], '[]\n'],
    ['sequence under a key is not indented', mapOf({ k: ['a', 'b'] }), 'k:\n- a\n- b\n'],
    ['nested map', mapOf({ a: mapOf({ b: 1, c: [] }) }), 'a:\n  b: 1\n  c: []\n'],
    ['map in a list', [mapOf({ y: 1, x: new Map() })], '- x: {}\n  "y": 1\n'],
    ['list of lists', [['a', 'b'], ['c'], []], '- - a\n  - b\n- - c\n- []\n'],
    ['literal in a list under a key', mapOf({ l: ['in a\nlist\n'] }), 'l:\n- |\n  in a\n  list\n'],
    [
      'keys: bools and numbers first, null before strings',
      new Map<YamlValue, YamlValue>([
        ['b', 1],
        [null, 2],
        [1, 3],
        [false, 4],
      ]) as Map<never, YamlValue>,
      'false: 4\n1: 3\nnull: 2\nb: 1\n',
    ],
    ['multi-line key becomes a complex key', mapOf({ 'two\nlines': 'v' }), '? |-\n  two\n  lines\n: v\n'],
    [
      'key over 128 bytes becomes a complex key',
      mapOf({ ['é'.repeat(65)]: 1 }),
      `? ${'é'.repeat(65)}\n: 1\n`,
    ],
    ['key of exactly 128 bytes stays simple', mapOf({ ['k'.repeat(128)]: 1 }), `${'k'.repeat(128)}: 1\n`],
  ];
  it.each(cases)('%s', (_name, value, expected) => {
    expect(emitYaml(value)).toBe(expected);
  });

  it('keeps the insertion order of an OrderedYamlMap (a Go struct)', () => {
    const cert = new OrderedYamlMap([
      ['certificate', 'C'],
      ['private_key', 'K'],
      ['ca', 'A'],
    ]);
    expect(emitYaml(mapOf({ cert }))).toBe('cert:\n  certificate: C\n  private_key: K\n  ca: A\n');
  });
});

describe('emitYaml: folding at 80 columns', () => {
  const words =
    'this is a very long string with many spaces that goes on and on beyond the eighty character limit';
  it('folds plain scalars at the first space past column 80', () => {
    expect(emitYaml(mapOf({ k: words }))).toBe(
      'k: this is a very long string with many spaces that goes on and on beyond the eighty\n  character limit\n',
    );
  });
  it('never folds keys or strings without spaces', () => {
    const long = 'x'.repeat(100);
    expect(emitYaml(mapOf({ k: long }))).toBe(`k: ${long}\n`);
  });
  it('folds quoted scalars and escapes a space that would start the next line', () => {
    const value = `${'a'.repeat(85)}  b\t`;
    expect(emitYaml(value)).toBe(`"${'a'.repeat(85)}\n  \\ b\\t"\n`);
  });
});
