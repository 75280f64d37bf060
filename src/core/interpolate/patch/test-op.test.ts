import { describe, expect, it } from 'vitest';
import { messageOf } from '../../../testing/yaml-builders.js';
import { GoFloat, mapOf, type YamlValue } from '../../../base/yaml/value.js';
import { parsePointer } from './pointer.js';
import { TestOp } from './test-op.js';

const doc = (): YamlValue =>
  mapOf({
    key: 1,
    f: 1.5,
    key2: mapOf({ nested: mapOf({ super_nested: 2 }) }),
    list: [mapOf({ name: 'a' })],
    nothing: null,
  });

const check = (path: string, value: YamlValue, absent = false): string =>
  messageOf(() => {
    const d = doc();
    expect(new TestOp(parsePointer(path), value, absent).apply(d)).toBe(d);
  });

describe('TestOp', () => {
  const passing: [string, YamlValue, boolean][] = [
    ['/key', 1, false],
    ['/f', 1.5, false],
    ['/key2/nested', mapOf({ super_nested: 2 }), false],
    ['/list', [mapOf({ name: 'a' })], false],
    ['/nothing', null, false],
    ['/missing?', null, false],
    ['/nothere', null, true],
    ['/key2/nothere', null, true],
    ['/list/1', null, true],
    ['/list/-2', null, true],
    ['/list/0/nothere', null, true],
  ];

  it.each(passing)('passes on %j', (path, value, absent) => {
    expect(check(path, value, absent)).toBe('<no error>');
  });

  const failing: [string, YamlValue, boolean, string][] = [
    ['/key', 2, false, 'Found value does not match expected value'],
    ['/key', '1', false, 'Found value does not match expected value'],
    ['/key', new GoFloat(1), false, 'Found value does not match expected value'],
    ['/key2/nested', mapOf({ super_nested: 3 }), false, 'Found value does not match expected value'],
    [
      '/missing',
      1,
      false,
      "Expected to find a map key 'missing' for path '/missing' (found map keys: 'f', 'key', 'key2', 'list', 'nothing')",
    ],
    ['/key', null, true, "Expected to not find '/key'"],
    ['/nothing', null, true, "Expected to not find '/nothing'"],
    ['/missing?', null, true, "Expected to not find '/missing?'"],
    // Only the last token may be missing; a missing parent is an error.
    [
      '/nothere/x',
      null,
      true,
      "Expected to find a map key 'nothere' for path '/nothere' (found map keys: 'f', 'key', 'key2', 'list', 'nothing')",
    ],
    ['/key/x', null, true, "Expected to find a map at path '/key/x' but found 'int'"],
    [
      '/list/name=b',
      null,
      true,
      "Expected to find exactly one matching array item for path '/list/name=b' but found 0",
    ],
    [
      '/list/-',
      null,
      true,
      "Expected not to find after last index token in path '/list/-' (not supported in find operations)",
    ],
  ];

  it.each(failing)('fails on %j', (path, value, absent, message) => {
    expect(check(path, value, absent)).toBe(message);
  });
});
