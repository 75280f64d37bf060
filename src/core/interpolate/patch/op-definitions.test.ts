import { describe, expect, it } from 'vitest';
import { errorChainMessage, WrappedError } from '../../../base/errors.js';
import { mapOf, type YamlValue } from '../../../base/yaml/value.js';
import { formatOpDefinition } from './op-definition.js';
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
const json = (...lines: string[]): string => ['{', ...lines, '}'].join('\n');

describe('opsFromDefinitions: building errors (corpus .err without the flag prefix)', () => {
  const cases: [string, YamlValue, string, string][] = [
    [
      'missing value',
      [op({ type: 'replace', path: '/key' })],
      'patch/missing-value.yml',
      'Building ops: Replace operation [0]: Missing value within\n' +
        json(
          '  "Type": "replace",',
          '  "Path": "/key",',
          '  "Error": "operation [0] in patch/missing-value.yml failed"',
        ),
    ],
    [
      'value: null is no value',
      [op({ type: 'replace', path: '/key', value: null })],
      'x.yml',
      'Building ops: Replace operation [0]: Missing value within\n' +
        json('  "Type": "replace",', '  "Path": "/key",', '  "Error": "operation [0] in x.yml failed"'),
    ],
    [
      'unknown type',
      [op({ type: 'merge', path: '/key', value: 10 })],
      'patch/unknown-type.yml',
      "Building ops: Unknown operation [0] with type 'merge' within\n" +
        json(
          '  "Type": "merge",',
          '  "Path": "/key",',
          '  "Value": "<redacted>",',
          '  "Error": "operation [0] in patch/unknown-type.yml failed"',
        ),
    ],
    [
      'invalid modifier',
      [op({ type: 'replace', path: '/array/0:foo', value: 10 })],
      'patch/invalid-modifier.yml',
      "Building ops: Replace operation [0]: Invalid path: Expected to find one of the following modifiers: 'prev', 'next', 'before', or 'after' but found 'foo' within\n" +
        json(
          '  "Type": "replace",',
          '  "Path": "/array/0:foo",',
          '  "Value": "<redacted>",',
          '  "Error": "operation [0] in patch/invalid-modifier.yml failed"',
        ),
    ],
    [
      'no leading slash',
      [op({ type: 'replace', path: 'key', value: 10 })],
      'patch/no-leading-slash.yml',
      "Building ops: Replace operation [0]: Invalid path: Expected to start with '/' within\n" +
        json(
          '  "Type": "replace",',
          '  "Path": "key",',
          '  "Value": "<redacted>",',
          '  "Error": "operation [0] in patch/no-leading-slash.yml failed"',
        ),
    ],
    [
      'replace without path, index within the file',
      [op({ type: 'remove', path: '/a' }), op({ type: 'replace', value: 1 })],
      'f.yml',
      'Building ops: Replace operation [1]: Missing path within\n' +
        json(
          '  "Type": "replace",',
          '  "Value": "<redacted>",',
          '  "Error": "operation [1] in f.yml failed"',
        ),
    ],
    [
      'remove with value',
      [op({ type: 'remove', path: '/a', value: 'x' })],
      'f.yml',
      'Building ops: Remove operation [0]: Cannot specify value within\n' +
        json(
          '  "Type": "remove",',
          '  "Path": "/a",',
          '  "Value": "<redacted>",',
          '  "Error": "operation [0] in f.yml failed"',
        ),
    ],
    [
      'remove without path',
      [op({ type: 'remove' })],
      'f.yml',
      'Building ops: Remove operation [0]: Missing path within\n' +
        json('  "Type": "remove",', '  "Error": "operation [0] in f.yml failed"'),
    ],
    [
      'remove with a bad path',
      [op({ type: 'remove', path: '/a:prev' })],
      'f.yml',
      'Building ops: Remove operation [0]: Invalid path: Expected not to find any modifiers with key token within\n' +
        json('  "Type": "remove",', '  "Path": "/a:prev",', '  "Error": "operation [0] in f.yml failed"'),
    ],
    [
      'test without value or absent',
      [op({ type: 'test', path: '/a', absent: null })],
      'f.yml',
      'Building ops: Test operation [0]: Missing value or absent within\n' +
        json('  "Type": "test",', '  "Path": "/a",', '  "Error": "operation [0] in f.yml failed"'),
    ],
    [
      'test without path',
      [op({ type: 'test', absent: true })],
      'f.yml',
      'Building ops: Test operation [0]: Missing path within\n' +
        json('  "Type": "test",', '  "Absent": true,', '  "Error": "operation [0] in f.yml failed"'),
    ],
    [
      'test with a bad path',
      [op({ type: 'test', path: '/-:after', absent: false })],
      'f.yml',
      'Building ops: Test operation [0]: Invalid path: Expected not to find any modifiers with after last index token within\n' +
        json(
          '  "Type": "test",',
          '  "Path": "/-:after",',
          '  "Absent": false,',
          '  "Error": "operation [0] in f.yml failed"',
        ),
    ],
    [
      'no type',
      [op({ path: '/a', other: 1 })],
      'f.yml',
      "Building ops: Unknown operation [0] with type '' within\n" +
        json('  "Path": "/a",', '  "Error": "operation [0] in f.yml failed"'),
    ],
    [
      'a null entry',
      [op({ type: 'remove', path: '/a' }), null],
      'f.yml',
      "Building ops: Unknown operation [1] with type '' within\n" +
        json('  "Error": "operation [1] in f.yml failed"'),
    ],
    [
      'Go JSON escaping',
      [op({ type: 'Replace', path: '/<a&b>"\\\n\t\u2028' })],
      'dir/<o&p>.yml',
      "Building ops: Unknown operation [0] with type 'Replace' within\n" +
        json(
          '  "Type": "Replace",',
          '  "Path": "/<a\\u0026b>\\"\\\\\\n\\t\\u2028",',
          '  "Error": "operation [0] in dir/<o\\u0026p>.yml failed"',
        ),
    ],
    [
      'scalars given for strings',
      [op({ type: 1, path: true })],
      'f.yml',
      "Building ops: Unknown operation [0] with type '1' within\n" +
        json('  "Type": "1",', '  "Path": "true",', '  "Error": "operation [0] in f.yml failed"'),
    ],
  ];

  it.each(cases)('%s', (_name, doc, source, message) => {
    expect(chainOf(() => opsFromDefinitions(doc, source))).toBe(message);
  });

  it('wraps building errors as bosh-cli does', () => {
    let caught: unknown;
    try {
      opsFromDefinitions([op({ type: 'merge' })], 'f.yml');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(WrappedError);
    expect((caught as WrappedError).message).toBe('Building ops');
  });
});

describe('formatOpDefinition', () => {
  it('echoes an empty definition as {}', () => {
    expect(formatOpDefinition({ type: '' })).toBe('{}');
  });
});
