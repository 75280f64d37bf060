// `dumpYaml` against Ruby's `to_yaml(indent: 2)` (Psych 5.3 on libyaml 0.2.5): every expected text below is
// what Ruby printed for the same data.
import { describe, expect, it } from 'vitest';
import { GoFloat } from '../../base/yaml/value.js';
import { dumpYaml } from './yaml-dump.js';

const doc = (...lines: string[]): string => ['---', ...lines, ''].join('\n');

describe('dumpYaml: strings (Psych style choice + libyaml analysis)', () => {
  it.each([
    ['plain', 'plain'],
    ['', "''"],
    ['yes', "'yes'"],
    ['No', "'No'"],
    ['true', "'true'"],
    ['null', "'null'"],
    ['~', '"~"'],
    ['y', '"y"'],
    ['1', "'1'"],
    ['1.5', "'1.5'"],
    ['1_000', "'1_000'"],
    ['0x1F', "'0x1F'"],
    ['08', "'08'"],
    ['0o17', '0o17'],
    ['2001-02-03', "'2001-02-03'"],
    ['2001-02-30', '2001-02-30'],
    ['12:30', "'12:30'"],
    [':sym', '":sym"'],
    ['a: b', "'a: b'"],
    ['a #b', "'a #b'"],
    ['a#b', 'a#b'],
    ['-x', '"-x"'],
    ['<redacted>', '"<redacted>"'],
    [' lead', '" lead"'],
    ['trail ', "'trail '"],
    ["it's", "it's"],
    ['"quoted"', `'"quoted"'`],
    ['x\ty', '"x\\ty"'],
    ['😀', '"\\U0001F600"'],
    ['日本語', '日本語'],
    ['<<', "!!str '<<'"],
    ['1e5', '1e5'],
    ['.5', '".5"'],
  ])('%j -> %s', (value, text) => {
    expect(dumpYaml([value])).toBe(doc(`- ${text}`));
  });

  it('writes inner newlines as a literal block, a lone trailing one single-quoted', () => {
    expect(dumpYaml(['a\nb', 'a\n'])).toBe(doc('- |-', '  a', '  b', "- 'a", '', "  '"));
  });

  it('keeps trailing newlines with `|+` and then ends the document with `...`', () => {
    expect(dumpYaml({ k: 'a\nb\n\n' })).toBe(doc('k: |+', '  a', '  b', '', '...'));
  });

  it('folds long plain scalars after column 80', () => {
    const long =
      'BOSH director diff output folds long plain values at column eighty when they contain spaces, like this';
    expect(dumpYaml({ long })).toBe(
      doc(
        'long: BOSH director diff output folds long plain values at column eighty when they',
        '  contain spaces, like this',
      ),
    );
  });
});

describe('dumpYaml: other scalars', () => {
  it('prints Ruby Integer/Float/true/false/nil', () => {
    const value = {
      int: 1,
      neg: -7,
      float: 1.5,
      one: new GoFloat(1),
      big: new GoFloat(1e20),
      tiny: 1e-5,
      nan: NaN,
      inf: Infinity,
      ninf: -Infinity,
      t: true,
      f: false,
      nil: null,
      list: [null],
      bigint: 12345678901234567890n,
    };
    expect(dumpYaml(value)).toBe(
      doc(
        'int: 1',
        'neg: -7',
        'float: 1.5',
        'one: 1.0',
        'big: 1.0e+20',
        'tiny: 1.0e-05',
        'nan: .nan',
        'inf: .inf',
        'ninf: -.inf',
        't: true',
        'f: false',
        'nil:',
        'list:',
        '-',
        'bigint: 12345678901234567890',
      ),
    );
  });
});

describe('dumpYaml: collections', () => {
  it('writes block style, indentless sequences under keys, and empty collections in flow style', () => {
    expect(dumpYaml([{ name: 'z1', cloud_properties: {} }, [[1, 2], []]])).toBe(
      doc('- name: z1', '  cloud_properties: {}', '- - - 1', '    - 2', '  - []'),
    );
  });

  it('writes non-string keys of a Map, and multi-line keys in the `?` form', () => {
    const value = new Map<unknown, unknown>([
      [1, 'int key'],
      [null, 'nil key'],
      [true, 'bool key'],
      ['multi\nline', 'v'],
    ]);
    expect(dumpYaml(value)).toBe(
      doc('1: int key', "! '': nil key", 'true: bool key', '? |-', '  multi', '  line', ': v'),
    );
  });

  it('turns shared (aliased) hashes and arrays into &n anchors and *n aliases', () => {
    const s = { x: 1 };
    const t = ['p'];
    const e = {};
    expect(dumpYaml({ a: s, b: s, c: [t, t, s], d: e, f: e })).toBe(
      doc('a: &1', '  x: 1', 'b: *1', 'c:', '- &2', '  - p', '- *2', '- *1', 'd: &3 {}', 'f: *3'),
    );
  });
});
