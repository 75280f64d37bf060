import { describe, expect, it } from 'vitest';
import { type Js, messageOf, y } from '../../../testing/yaml-builders.js';
import { deepEqual, type YamlValue } from '../../../base/yaml/value.js';
import { parsePointer } from './pointer.js';
import { RemoveOp } from './remove-op.js';

const remove = (doc: YamlValue, path: string): YamlValue => new RemoveOp(parsePointer(path)).apply(doc);

describe('RemoveOp', () => {
  const cases: [string, Js, Js][] = [
    ['/key', { key: 1, other: 2 }, { other: 2 }],
    ['/key2/other', { key2: { nested: 1, other: 3 } }, { key2: { nested: 1 } }],
    ['/', { '': 1, a: 2 }, { a: 2 }],
    ['/a~1b', { 'a/b': 1, c: 2 }, { c: 2 }],
    ['/0', [4, 5, 6], [5, 6]],
    ['/-1', [4, 5, 6], [4, 5]],
    ['/-3', [4, 5, 6], [5, 6]],
    ['/1:prev', [4, 5, 6], [5, 6]],
    ['/0:next', [4, 5, 6], [4, 6]],
    ['/array/0', { array: [4, 5] }, { array: [5] }],
    ['/0/a', [{ a: 1, b: 2 }], [{ b: 2 }]],
    ['/jobs/name=worker', { jobs: [{ name: 'web' }, { name: 'worker' }] }, { jobs: [{ name: 'web' }] }],
    ['/name=web:next', [{ name: 'web' }, { name: 'worker' }], [{ name: 'web' }]],
    ['/name=web/x', [{ name: 'web', x: 1 }], [{ name: 'web' }]],
    ['/nothere?/x', { a: 1 }, { a: 1 }],
    ['/nothere?', { a: 1 }, { a: 1 }],
    ['/a?/b', { a: { c: 1 } }, { a: { c: 1 } }],
    ['/jobs/name=nothere?', { jobs: [{ name: 'web' }] }, { jobs: [{ name: 'web' }] }],
    ['/jobs/name=nothere?/x', { jobs: [{ name: 'web' }] }, { jobs: [{ name: 'web' }] }],
    ['/jobs/name=web?', { jobs: [{ name: 'web' }] }, { jobs: [] }],
    // go-patch quirk: after a `:next` that lands on an array, the setter still points at the matched array's slot.
    ['/l/name=a:next/0', { l: [{ name: 'a' }, [1, 2]] }, { l: [2] }],
  ];

  it.each(cases)('removes %j', (path, doc, expected) => {
    const result = remove(y(doc), path);
    expect(deepEqual(result, y(expected)), JSON.stringify(expected)).toBe(true);
  });

  const errors: [string, Js, string][] = [
    ['', { a: 1 }, 'Cannot remove entire document'],
    [
      '/nothere',
      { key: 1, array: [] },
      "Expected to find a map key 'nothere' for path '/nothere' (found map keys: 'array', 'key')",
    ],
    ['/', { a: 1 }, "Expected to find a map key '' for path '/' (found map keys: 'a')"],
    ['/a/b', { a: {} }, "Expected to find a map key 'b' for path '/a/b' (found no other map keys)"],
    ['/key/x', { key: 1 }, "Expected to find a map at path '/key/x' but found 'int'"],
    ['/m/0', { m: {} }, "Expected to find an array at path '/m/0' but found 'map[interface {}]interface {}'"],
    ['/m/k=v', { m: 1 }, "Expected to find an array at path '/m/k=v' but found 'int'"],
    ['/3', [4, 5, 6], "Expected to find array index '3' but found array of length '3' for path '/3'"],
    ['/-4', [4, 5, 6], "Expected to find array index '-4' but found array of length '3' for path '/-4'"],
    [
      '/0:prev:prev/x',
      [1],
      "Expected to find array index '-2' but found array of length '1' for path '/0:prev:prev'",
    ],
    ['/list/-', { list: [1] }, "Expected to not find token 'patch.AfterLastIndexToken' at path '/list/-'"],
    [
      '/0:before',
      [1],
      "Expected to find one of the following modifiers: 'prev', 'next', but found modifier 'patch.BeforeModifier'",
    ],
    [
      '/name=a:after',
      [{ name: 'a' }],
      "Expected to find one of the following modifiers: 'prev', 'next', but found modifier 'patch.AfterModifier'",
    ],
    [
      '/name=a',
      [{ name: 'a' }, { name: 'a' }],
      "Expected to find exactly one matching array item for path '/name=a' but found 2",
    ],
    ['/n=1', [{ n: 1 }], "Expected to find exactly one matching array item for path '/n=1' but found 0"],
  ];

  it.each(errors)('fails on %j', (path, doc, message) => {
    expect(messageOf(() => remove(y(doc), path))).toBe(message);
  });
});
