import { describe, expect, it } from 'vitest';
import { deepEqual, GoFloat, kindOf, mapOf, type YamlValue } from '../../../base/yaml/value.js';
import { Pointer, parsePointer } from './pointer.js';
import { ReplaceOp } from './replace-op.js';

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  return '<no error>';
};

type Js = null | boolean | number | string | GoFloat | Js[] | { [k: string]: Js };
const y = (v: Js): YamlValue => {
  if (Array.isArray(v)) return v.map(y);
  if (v === null || typeof v !== 'object' || v instanceof GoFloat) return v;
  return new Map(Object.entries(v).map(([k, item]) => [k, y(item)]));
};

/** The shape of the corpus' `own/patch/base.yml`. */
const base = (): YamlValue =>
  y({
    key: 1,
    key2: { nested: { super_nested: 2 }, other: 3 },
    array: [4, 5, 6],
    items: [{ name: 'item7' }, { name: 'item8' }, { name: 'item8' }],
    jobs: [
      { name: 'web', instances: 1 },
      { name: 'worker', instances: 2 },
    ],
  });

const replace = (doc: YamlValue, path: string, value: Js): YamlValue =>
  new ReplaceOp(parsePointer(path), y(value)).apply(doc);

describe('ReplaceOp', () => {
  const cases: [string, Js, Js, Js][] = [
    ['', 10, { key: 1 }, 10],
    ['/key', 10, { key: 1 }, { key: 10 }],
    ['/a/b', 10, { a: { b: 1 } }, { a: { b: 10 } }],
    ['/', 10, { '': 'old', a: 1 }, { '': 10, a: 1 }],
    ['/new?', 10, { a: 1 }, { a: 1, new: 10 }],
    ['/a?/b/c', { e: 1 }, {}, { a: { b: { c: { e: 1 } } } }],
    ['/a/b?/c/d', 10, { a: { x: 1 } }, { a: { x: 1, b: { c: { d: 10 } } } }],
    ['/list?/-', 10, {}, { list: [10] }],
    ['/list?/name=x/v', 10, {}, { list: [{ name: 'x', v: 10 }] }],
    ['/a~1b', 'slash', { 'a/b': 1 }, { 'a/b': 'slash' }],
    ['/c~0d?', 'tilde', {}, { 'c~d': 'tilde' }],
    ['/e~7f?', 'colon', {}, { 'e:f': 'colon' }],
    ['/0', 'x', [1, 2], ['x', 2]],
    ['/-1', 'x', [1, 2], [1, 'x']],
    ['/-2', 'x', [1, 2], ['x', 2]],
    ['/-', 'x', [1, 2], [1, 2, 'x']],
    ['/-', 'x', [], ['x']],
    ['/1:prev', 'x', [1, 2, 3], ['x', 2, 3]],
    ['/0:next', 'x', [1, 2, 3], [1, 'x', 3]],
    ['/0:next:next', 'x', [1, 2, 3], [1, 2, 'x']],
    ['/0:before', 'x', [1, 2, 3], ['x', 1, 2, 3]],
    ['/0:after', 'x', [1, 2, 3], [1, 'x', 2, 3]],
    ['/-1:after', 'x', [1, 2, 3], [1, 2, 3, 'x']],
    ['/-1:before', 'x', [1, 2, 3], [1, 2, 'x', 3]],
    ['/0:next:after', 'x', [1, 2, 3], [1, 2, 'x', 3]],
    ['/0/a', 'x', [{ a: 1 }], [{ a: 'x' }]],
    ['/-1/0', 'x', [[1], [2]], [[1], ['x']]],
    ['/name=b', 'x', [{ name: 'a' }, { name: 'b' }], [{ name: 'a' }, 'x']],
    ['/name=b/v', 'x', [{ name: 'b', v: 1 }], [{ name: 'b', v: 'x' }]],
    ['/name=a:next/v', 'x', [{ name: 'a' }, { v: 1 }], [{ name: 'a' }, { v: 'x' }]],
    ['/name=b:prev', 'x', [{ name: 'a' }, { name: 'b' }], ['x', { name: 'b' }]],
    ['/name=a:before', 'x', [{ name: 'a' }], ['x', { name: 'a' }]],
    ['/name=a:after', 'x', [{ name: 'a' }, 1], [{ name: 'a' }, 'x', 1]],
    ['/name=a/v?', 'x', [{ name: 'a' }], [{ name: 'a', v: 'x' }]],
    ['/name=c?', 'x', [{ name: 'a' }], [{ name: 'a' }, 'x']],
    ['/name=c?/v', 'x', [{ name: 'a' }], [{ name: 'a' }, { name: 'c', v: 'x' }]],
    ['/name=c?/v/w', 'x', [], [{ name: 'c', v: { w: 'x' } }]],
    ['/name=a?/v', 'x', [{ name: 'a' }], [{ name: 'a', v: 'x' }]],
    ['/name=a', 'x', ['a', [{ name: 'a' }], { name: 'a' }], ['a', [{ name: 'a' }], 'x']],
    // go-patch quirk: after a `:next` that lands on an array, the setter still points at the matched array's slot.
    ['/l/name=a:next/-', 'x', { l: [{ name: 'a' }, [1]] }, { l: [1, 'x'] }],
  ];

  it.each(cases)('replaces %j with %j', (path, value, doc, expected) => {
    const result = replace(y(doc), path, value);
    expect(deepEqual(result, y(expected)), JSON.stringify(expected)).toBe(true);
  });

  it('applies the corpus cases on base.yml', () => {
    const doc = base();
    replace(doc, '/key2/nested?/another_nested/super_nested', 10);
    replace(doc, '/items/name=item7:next/count?', 10);
    replace(doc, '/jobs/name=web:after', { name: 'api', instances: 3 });
    replace(doc, '/jobs/name=db?', { name: 'db', instances: 1 });
    replace(doc, '/items/name=item9?/count', 10);
    const expected = base();
    const e = expected as Map<YamlValue, YamlValue>;
    (e.get('key2') as Map<YamlValue, YamlValue>).set(
      'nested',
      y({ super_nested: 2, another_nested: { super_nested: 10 } }),
    );
    e.set(
      'items',
      y([{ name: 'item7' }, { name: 'item8', count: 10 }, { name: 'item8' }, { name: 'item9', count: 10 }]),
    );
    e.set(
      'jobs',
      y([
        { name: 'web', instances: 1 },
        { name: 'api', instances: 3 },
        { name: 'worker', instances: 2 },
        { name: 'db', instances: 1 },
      ]),
    );
    expect(deepEqual(doc, expected)).toBe(true);
  });

  it('mutates maps in place and keeps the document identity', () => {
    const doc = mapOf({ a: 1 });
    expect(replace(doc, '/b?', 2)).toBe(doc);
    expect(doc.get('b')).toBe(2);
  });

  it('clones the value on every apply, like a yaml.v2 round trip', () => {
    const value = y({ list: [1], f: new GoFloat(1), big: new GoFloat(1e6), neg: -0, half: 1.5 });
    const op = new ReplaceOp(parsePointer('/a?'), value);
    const first = op.apply(mapOf({})) as Map<YamlValue, YamlValue>;
    const got = first.get('a') as Map<YamlValue, YamlValue>;
    expect(got).not.toBe(value);
    (got.get('list') as YamlValue[]).push(2);
    expect(
      deepEqual(value, y({ list: [1], f: new GoFloat(1), big: new GoFloat(1e6), neg: -0, half: 1.5 })),
    ).toBe(true);
    expect(kindOf(got.get('f') ?? null)).toBe('int');
    expect(kindOf(got.get('big') ?? null)).toBe('float');
    expect(Object.is(got.get('neg'), 0)).toBe(true);
    expect(got.get('half')).toBe(1.5);
    const keyed = new ReplaceOp(parsePointer(''), new Map([[new GoFloat(2), 'v']])).apply(null);
    expect([...(keyed as Map<YamlValue, YamlValue>).keys()]).toEqual([2]);
  });

  const errors: [string, Js, string][] = [
    [
      '/key_not_there',
      { b: 1, a: 2 },
      "Expected to find a map key 'key_not_there' for path '/key_not_there' (found map keys: 'a', 'b')",
    ],
    ['/x', {}, "Expected to find a map key 'x' for path '/x' (found no other map keys)"],
    ['/', { a: 1 }, "Expected to find a map key '' for path '/' (found map keys: 'a')"],
    ['/a/x/y', { a: { z: 1 } }, "Expected to find a map key 'x' for path '/a/x' (found map keys: 'z')"],
    [
      '/a?/b/c/0',
      { a: { b: { c: {} } } },
      "Expected to find an array at path '/a?/b/c/0' but found 'map[interface {}]interface {}'",
    ],
    [
      '/items/name=item7/count',
      { items: [{ name: 'item7' }] },
      "Expected to find a map key 'count' for path '/items/name=item7/count' (found map keys: 'name')",
    ],
    ['/key/x', { key: 1 }, "Expected to find a map at path '/key/x' but found 'int'"],
    ['/name/x', { name: 'n' }, "Expected to find a map at path '/name/x' but found 'string'"],
    ['/n/x', { n: null }, "Expected to find a map at path '/n/x' but found '<nil>'"],
    ['/f/x', { f: 1.5 }, "Expected to find a map at path '/f/x' but found 'float64'"],
    ['/b/x', { b: true }, "Expected to find a map at path '/b/x' but found 'bool'"],
    ['/array/-/x', { array: [1] }, "Expected to find a map at path '/array/-' but found '[]interface {}'"],
    ['/m/0', { m: {} }, "Expected to find an array at path '/m/0' but found 'map[interface {}]interface {}'"],
    ['/m/-', { m: {} }, "Expected to find an array at path '/m/-' but found 'map[interface {}]interface {}'"],
    ['/m/k=v', { m: 's' }, "Expected to find an array at path '/m/k=v' but found 'string'"],
    [
      '/array/3',
      { array: [4, 5, 6] },
      "Expected to find array index '3' but found array of length '3' for path '/array/3'",
    ],
    [
      '/array/-4',
      { array: [4, 5, 6] },
      "Expected to find array index '-4' but found array of length '3' for path '/array/-4'",
    ],
    [
      '/array/2:next',
      { array: [4, 5, 6] },
      "Expected to find array index '3' but found array of length '3' for path '/array/2:next'",
    ],
    [
      '/array/-1:prev/x',
      { array: [4] },
      "Expected to find array index '-2' but found array of length '1' for path '/array/-1:prev'",
    ],
    [
      '/array/5/x',
      { array: [4] },
      "Expected to find array index '5' but found array of length '1' for path '/array/5'",
    ],
    [
      '/array/-1:after',
      { array: [] },
      "Expected to find array index '-1' but found array of length '0' for path '/array/-1:after'",
    ],
    [
      '/a/9223372036854775807:next',
      { a: [] },
      "Expected to find array index '-9223372036854775808' but found array of length '0' for path '/a/9223372036854775807:next'",
    ],
    [
      '/items/name=item8/count',
      { items: [{ name: 'item8' }, { name: 'item8' }] },
      "Expected to find exactly one matching array item for path '/items/name=item8' but found 2",
    ],
    [
      '/jobs/instances=1/azs',
      { jobs: [{ instances: 1 }] },
      "Expected to find exactly one matching array item for path '/jobs/instances=1' but found 0",
    ],
    [
      '/jobs/b=true',
      { jobs: [{ b: true }] },
      "Expected to find exactly one matching array item for path '/jobs/b=true' but found 0",
    ],
    ['/a?/0', {}, "Expected to find key, matching index or after last index token at path '/a?/0'"],
    ['/a?/b/-1/c', {}, "Expected to find key, matching index or after last index token at path '/a?/b/-1'"],
    [
      '/0:before:after',
      [1],
      "Expected to not find any modifiers after 'before' modifier, but found modifier 'patch.AfterModifier'",
    ],
    [
      '/0:after:prev',
      [1],
      "Expected to not find any modifiers after 'after' modifier, but found modifier 'patch.PrevModifier'",
    ],
    [
      '/0:before/x',
      [{}],
      "Expected to find one of the following modifiers: 'prev', 'next', but found modifier 'patch.BeforeModifier'",
    ],
    [
      '/name=a:after/x',
      [{ name: 'a' }],
      "Expected to find one of the following modifiers: 'prev', 'next', but found modifier 'patch.AfterModifier'",
    ],
  ];

  it.each(errors)('fails on %j', (path, doc, message) => {
    expect(messageOf(() => replace(y(doc), path, 10))).toBe(message);
  });

  it('requires an after-last-index token to be last (only reachable with hand-built pointers)', () => {
    const path = new Pointer([
      { kind: 'root' },
      { kind: 'after-last-index' },
      { kind: 'key', key: 'x', optional: false },
    ]);
    expect(messageOf(() => new ReplaceOp(path, 1).apply([]))).toBe(
      "Expected after last index token to be last in path '/-/x'",
    );
    const rooted = new Pointer([{ kind: 'root' }, { kind: 'root' }]);
    expect(messageOf(() => new ReplaceOp(rooted, 1).apply(null))).toBe(
      "Expected to not find token 'patch.RootToken' at path '/'",
    );
  });

  it('lists only string keys, in byte order', () => {
    const doc = new Map<YamlValue, YamlValue>([
      ['b', 1],
      [1, 2],
      [true, 3],
      ['é', 4],
      ['\u{1F600}', 5],
      ['\uFF01', 6],
      ['B', 7],
    ]);
    expect(messageOf(() => replace(doc, '/x', 1))).toBe(
      "Expected to find a map key 'x' for path '/x' (found map keys: 'B', 'b', 'é', '！', '\u{1F600}')",
    );
    expect(messageOf(() => replace(new Map([[1, 1]]), '/x', 1))).toBe(
      "Expected to find a map key 'x' for path '/x' (found map keys: '')",
    );
  });
});
