import { describe, expect, it } from 'vitest';
import { parseYaml } from './parse.js';
import { GoFloat, kindOf, type YamlValue } from './value.js';

/** Parses `v: <text>` and returns the value. */
function scalar(text: string): YamlValue {
  const doc = parseYaml(`v: ${text}\n`);
  if (!(doc instanceof Map)) throw new Error('not a map');
  return doc.get('v') ?? null;
}

const float = (f: number): GoFloat => new GoFloat(f);

describe('parseYaml: plain scalar resolution (yaml.v2 resolve.go)', () => {
  it.each([
    ['yes', true],
    ['Y', true],
    ['on', true],
    ['TRUE', true],
    ['n', false],
    ['Off', false],
    ['FALSE', false],
    ['yES', 'yES'],
    ['~', null],
    ['null', null],
    ['NULL', null],
    ['nULL', 'nULL'],
    ['', null],
    ['42', 42],
    ['-7', -7],
    ['+12', 12],
    ['-0', 0],
    ['0777', 511],
    ['0o14', 12],
    ['0x1F', 31],
    ['0XFF', 255],
    ['0b101', 5],
    ['-0b101', -5],
    ['0b-101', -5],
    ['1_000', 1000],
    ['1_', 1],
    ['9007199254740993', 9007199254740993n],
    ['9223372036854775807', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n],
    ['9223372036854775808', 9223372036854775808n],
    ['18446744073709551615', 18446744073709551615n],
    ['0xFFFFFFFFFFFFFFFF', 18446744073709551615n],
    ['08', float(8)],
    ['1.0', float(1)],
    ['1e3', float(1000)],
    ['3.', float(3)],
    ['-0.0', float(-0)],
    ['18446744073709551616', float(18446744073709551616)],
    ['-9223372036854775809', float(-9223372036854775808)],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['1E-7', 1e-7],
    ['1_000.5', 1000.5],
    ['1e400', '1e400'],
    ['.inf', Number.POSITIVE_INFINITY],
    ['-.Inf', Number.NEGATIVE_INFINITY],
    ['.NaN', Number.NaN],
    ['.nan.', '.nan.'],
    ['1:20', '1:20'],
    ['2001-12-14', '2001-12-14'],
    ['2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00'],
    ['0x', '0x'],
    ['1.2.3', '1.2.3'],
    ['<<', '<<'],
  ] as const)('%s', (text, expected) => {
    const got = scalar(text);
    if (expected instanceof GoFloat) {
      expect(got).toBeInstanceOf(GoFloat);
      expect(Object.is((got as GoFloat).value, expected.value)).toBe(true);
    } else {
      expect(got).toEqual(expected);
    }
  });

  it('keeps ints and floats apart', () => {
    expect(kindOf(scalar('1'))).toBe('int');
    expect(kindOf(scalar('1.0'))).toBe('float');
    expect(kindOf(scalar('-0.0'))).toBe('float');
  });
});

describe('parseYaml: quoting and tags', () => {
  it.each([
    ['"yes"', 'yes'],
    ["'123'", '123'],
    ['"null"', 'null'],
    ['!!str 123', '123'],
    ['!!str true', 'true'],
    ['!!int "42"', 42],
    ['!!float 1', float(1)],
    ['!!bool yes', true],
    ['!!null ""', null],
    ['!!binary aGVsbG8=', 'hello'],
    ['!binary aGVsbG8=', 'hello'],
    ['!!binary |\n  aGVs\n  bG8=', 'hello'],
    ['!custom 123', '123'],
    ['! 123', '123'],
  ] as const)('%s', (text, expected) => {
    expect(scalar(text)).toEqual(expected);
  });

  it('decodes !!set as a map of nulls and ignores tags on collections', () => {
    expect(parseYaml('!!set {a, b}')).toEqual(
      new Map([
        ['a', null],
        ['b', null],
      ]),
    );
    expect(parseYaml('!foo [1]')).toEqual([1]);
  });

  it('multi-line scalars fold like libyaml', () => {
    expect(scalar('>\n  a\n  b\n\n  c\n')).toBe('a b\nc\n');
    expect(scalar('|+\n  a\n\n')).toBe('a\n\n\n'); // scalar() adds a final break
    expect(scalar('"a\n  b\\\n  c"')).toBe('a bc');
    expect(scalar('plain\n  continued')).toBe('plain continued');
  });
});

describe('parseYaml: structure', () => {
  it('expands anchors and aliases into independent copies', () => {
    const doc = parseYaml('a: &x [1]\nb: *x\n') as Map<string, YamlValue>;
    expect(doc.get('b')).toEqual([1]);
    expect(doc.get('b')).not.toBe(doc.get('a'));
  });

  it('applies merge keys in go-yaml order: later explicit keys win, earlier list maps win', () => {
    const doc = parseYaml(
      'b1: &b {a: 1, b: 2}\no: &o {b: 20, c: 3}\ns: {<<: *b, b: 200}\nm: {<<: [*b, *o], d: 4}\nbefore: {b: 0, <<: *b}\n',
    ) as Map<string, YamlValue>;
    expect(doc.get('s')).toEqual(
      new Map([
        ['a', 1],
        ['b', 200],
      ]),
    );
    expect(doc.get('m')).toEqual(
      new Map([
        ['b', 2],
        ['c', 3],
        ['a', 1],
        ['d', 4],
      ]),
    );
    // A merge overwrites keys written before it (yaml.v2 merges in place).
    expect((doc.get('before') as Map<string, YamlValue>).get('b')).toBe(2);
  });

  it('keeps the last of duplicate keys and only the first document', () => {
    expect(parseYaml('a: 1\na: 2\n---\nb: 3\n')).toEqual(new Map([['a', 2]]));
    expect(parseYaml('')).toBeNull();
    expect(parseYaml('# only a comment\n')).toBeNull();
    expect(parseYaml('---\n')).toBeNull();
  });

  it('keeps typed keys apart', () => {
    const doc = parseYaml('1: int\n"1": str\ntrue: bool\n1.0: float\n1.0: float again\n') as Map<
      unknown,
      YamlValue
    >;
    expect(doc.size).toBe(4);
    expect(doc.get(1)).toBe('int');
    expect(doc.get('1')).toBe('str');
    expect(doc.get(true)).toBe('bool');
  });
});
