import { describe, expect, it } from 'vitest';
import { errorChainMessage } from '../../../base/errors.js';
import { mapOf, type YamlValue } from '../../../base/yaml/value.js';
import { decodeOpDefinitions } from './op-definition-decode.js';
import { opsFromDefinitions } from './op-definitions.js';

const chainOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return err instanceof Error ? errorChainMessage(err) : String(err);
  }
  return '<no error>';
};

const op = (entries: Record<string, YamlValue>): YamlValue => mapOf(entries);

describe('decodeOpDefinitions: yaml.v2 unmarshal errors', () => {
  const cases: [string, YamlValue, string][] = [
    ['a map document', op({ type: 'replace' }), 'cannot unmarshal !!map into []patch.OpDefinition'],
    ['a string document', 'hello', 'cannot unmarshal !!str `hello` into []patch.OpDefinition'],
    ['a scalar entry', [1], 'cannot unmarshal !!int `1` into patch.OpDefinition'],
    ['a list entry', [[]], 'cannot unmarshal !!seq into patch.OpDefinition'],
    ['a map path', [op({ path: mapOf({}) })], 'cannot unmarshal !!map into string'],
    ['a list type', [op({ type: [] })], 'cannot unmarshal !!seq into string'],
    ['a string absent', [op({ absent: 'true' })], 'cannot unmarshal !!str `true` into bool'],
    ['a long value', [op({ absent: 'abcdefghijk' })], 'cannot unmarshal !!str `abcdefg...` into bool'],
    ['a float absent', [op({ absent: 1.5 })], 'cannot unmarshal !!float `1.5` into bool'],
  ];

  it.each(cases)('%s', (_name, doc, problem) => {
    expect(chainOf(() => decodeOpDefinitions(doc))).toBe(`yaml: unmarshal errors:\n  ${problem}`);
    expect(chainOf(() => opsFromDefinitions(doc, 'o.yml'))).toBe(
      `Deserializing ops file 'o.yml': yaml: unmarshal errors:\n  ${problem}`,
    );
  });

  it('collects every problem, with lines when they are known', () => {
    const doc = [op({ path: [], absent: 'x' }), 'y'];
    const lines = new Map([
      ['0,path', 2],
      ['1', 5],
    ]);
    const message = chainOf(() => decodeOpDefinitions(doc, (location) => lines.get(location.join(','))));
    expect(message).toBe(
      'yaml: unmarshal errors:\n  line 2: cannot unmarshal !!seq into string\n' +
        '  cannot unmarshal !!str `x` into bool\n  line 5: cannot unmarshal !!str `y` into patch.OpDefinition',
    );
  });

  it('decodes fields, ignoring unknown keys and nulls', () => {
    expect(decodeOpDefinitions(null)).toEqual([]);
    expect(decodeOpDefinitions([])).toEqual([]);
    const value = mapOf({ a: 1 });
    const [def] = decodeOpDefinitions([
      op({ type: 'test', path: '/a', value, absent: false, error: 'e', extra: 1, '': null }),
    ]);
    expect(def).toEqual({ type: 'test', path: '/a', value, absent: false, error: 'e' });
    expect(
      decodeOpDefinitions([op({ type: null, path: null, value: null, absent: null, error: null })]),
    ).toEqual([{ type: '' }]);
  });
});
