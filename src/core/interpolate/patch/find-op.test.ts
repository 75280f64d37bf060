import { describe, expect, it } from 'vitest';
import { type Js, messageOf, y } from '../../../testing/yaml-builders.js';
import { deepEqual, type YamlMap, type YamlValue } from '../../../base/yaml/value.js';
import { FindOp } from './find-op.js';
import { parsePointer } from './pointer.js';

const find = (doc: YamlValue, path: string): YamlValue => new FindOp(parsePointer(path)).apply(doc);

const doc: Js = {
  name: 'n',
  port: 8080,
  '': 'empty',
  'a/b': 'slash',
  list: [1, 2, 3],
  nothing: null,
  instance_groups: [
    { name: 'web', jobs: [{ name: 'nginx', properties: { port: 80 } }] },
    { name: 'db', instances: 1 },
  ],
};

describe('FindOp', () => {
  const cases: [string, Js][] = [
    ['', doc],
    ['/name', 'n'],
    ['/port', 8080],
    ['/', 'empty'],
    ['/a~1b', 'slash'],
    ['/nothing', null],
    ['/list', [1, 2, 3]],
    ['/list/0', 1],
    ['/list/-1', 3],
    ['/list/-3', 1],
    ['/list/1:prev', 1],
    ['/list/1:next', 3],
    ['/instance_groups/name=web/jobs/name=nginx/properties/port', 80],
    ['/instance_groups/name=web:next/instances', 1],
    ['/instance_groups/0/name', 'web'],
    ['/missing?', null],
    ['/missing?/a/b', null],
    ['/missing?/name=x', { name: 'x' }],
    ['/missing?/name=x/y', null],
    ['/instance_groups/name=api?', { name: 'api' }],
    ['/instance_groups/name=api?:after', { name: 'api' }],
    ['/instance_groups/name=api?/instances', null],
    ['/instance_groups/name=web?/name', 'web'],
  ];

  it.each(cases)('finds %j', (path, expected) => {
    expect(deepEqual(find(y(doc), path), y(expected)), JSON.stringify(expected)).toBe(true);
  });

  it('returns the node itself without changing the document', () => {
    const d = y(doc);
    const list = find(d, '/list');
    expect(list).toBe((d as YamlMap).get('list'));
    find(d, '/missing?/a');
    expect((d as YamlMap).has('missing')).toBe(false);
  });

  const errors: [string, string][] = [
    [
      '/missing',
      "Expected to find a map key 'missing' for path '/missing' (found map keys: '', 'a/b', 'instance_groups', 'list', 'name', 'nothing', 'port')",
    ],
    [
      '/list/-',
      "Expected not to find after last index token in path '/list/-' (not supported in find operations)",
    ],
    ['/missing?/-', "Expected to find key or matching index token at path '/missing?/-'"],
    ['/missing?/0', "Expected to find key or matching index token at path '/missing?/0'"],
    ['/list/3', "Expected to find array index '3' but found array of length '3' for path '/list/3'"],
    ['/list/-4', "Expected to find array index '-4' but found array of length '3' for path '/list/-4'"],
    ['/name/x', "Expected to find a map at path '/name/x' but found 'string'"],
    ['/nothing/x', "Expected to find a map at path '/nothing/x' but found '<nil>'"],
    ['/name/0', "Expected to find an array at path '/name/0' but found 'string'"],
    ['/port/k=v', "Expected to find an array at path '/port/k=v' but found 'int'"],
    [
      '/instance_groups/name=nope/x',
      "Expected to find exactly one matching array item for path '/instance_groups/name=nope' but found 0",
    ],
    [
      '/instance_groups/instances=1',
      "Expected to find exactly one matching array item for path '/instance_groups/instances=1' but found 0",
    ],
    [
      '/list/0:after',
      "Expected to find one of the following modifiers: 'prev', 'next', but found modifier 'patch.AfterModifier'",
    ],
    [
      '/instance_groups/name=db:next',
      "Expected to find array index '2' but found array of length '2' for path '/instance_groups/name=db:next'",
    ],
  ];

  it.each(errors)('fails on %j', (path, message) => {
    expect(messageOf(() => find(y(doc), path))).toBe(message);
  });
});
