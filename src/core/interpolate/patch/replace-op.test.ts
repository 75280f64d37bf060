import { describe, expect, it } from 'vitest';
import { type Js, y } from '../../../testing/yaml-builders.js';
import { deepEqual, GoFloat, kindOf, mapOf, type YamlMap, type YamlValue } from '../../../base/yaml/value.js';
import { parsePointer } from './pointer.js';
import { ReplaceOp } from './replace-op.js';

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
    const e = expected as YamlMap;
    (e.get('key2') as YamlMap).set('nested', y({ super_nested: 2, another_nested: { super_nested: 10 } }));
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
    const first = op.apply(mapOf({})) as YamlMap;
    const got = first.get('a') as YamlMap;
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
    expect([...(keyed as YamlMap).keys()]).toEqual([2]);
  });
});
