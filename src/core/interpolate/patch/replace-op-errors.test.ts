import { describe, expect, it } from 'vitest';
import { type Js, messageOf, y } from '../../../testing/yaml-builders.js';
import { type YamlKey, type YamlMap, type YamlValue } from '../../../base/yaml/value.js';
import { Pointer, parsePointer } from './pointer.js';
import { ReplaceOp } from './replace-op.js';

const replace = (doc: YamlValue, path: string, value: Js): YamlValue =>
  new ReplaceOp(parsePointer(path), y(value)).apply(doc);

describe('ReplaceOp errors', () => {
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
    const doc: YamlMap = new Map<YamlKey, YamlValue>([
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
