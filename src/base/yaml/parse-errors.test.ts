import { describe, expect, it } from 'vitest';
import { YamlSyntaxError, parseYaml, parseYamlWithMeta } from './parse.js';

// Messages are go-yaml v2.4.0's; several come from its own unmarshalErrorTests.
describe('parseYamlWithMeta', () => {
  it.each([
    ['a: 1', '!!map', 1],
    ['\n\n- a', '!!seq', 3],
    ['# c\n"x"', '!!str', 2],
    ['12', '!!int', 1],
    ['1.5', '!!float', 1],
    ['yes', '!!bool', 1],
    ['~', '!!null', 1],
    ['2001-12-14', '!!timestamp', 1],
    ['!foo {a: 1}', '!foo', 1],
    ['&anchor\n  a: 1', '!!map', 1],
  ] as const)('%j → %s at line %d', (text, tag, line) => {
    const meta = parseYamlWithMeta(text);
    expect(meta.rootTag).toBe(tag);
    expect(meta.rootLine).toBe(line);
  });
});

describe('parseYaml: go-yaml error messages', () => {
  it.each([
    ['a: [1, 2\nb: 3', "yaml: line 1: did not find expected ',' or ']'"],
    ['a: {b: c\nd: e', "yaml: line 1: did not find expected ',' or '}'"],
    ['v: [A,', 'yaml: line 1: did not find expected node content'],
    ['v:\n- [A,', 'yaml: line 2: did not find expected node content'],
    ['a: b: c', 'yaml: mapping values are not allowed in this context'],
    ['key: value\n  other: x', 'yaml: line 2: mapping values are not allowed in this context'],
    ['a: 1\n- b', 'yaml: line 1: did not find expected key'],
    ['- a\nb: c', "yaml: line 1: did not find expected '-' indicator"],
    ['value: -', 'yaml: block sequence entries are not allowed in this context'],
    ['a:\n\tb: c', 'yaml: line 2: found character that cannot start any token'],
    ['a: "abc', 'yaml: found unexpected end of stream'],
    ['a: "abc\n', 'yaml: line 2: found unexpected end of stream'],
    ['a:\n  1:\nb\n  2:', "yaml: line 4: could not find expected ':'"],
    ['a:\n- b: *,', 'yaml: line 2: did not find expected alphabetic or numeric character'],
    ['a: "\\q"', 'yaml: found unknown escape character'],
    ['%YAML 1.2\n---\na', 'yaml: found incompatible YAML document'],
    ['a: *b\n', "yaml: unknown anchor 'b' referenced"],
    ['a: &a\n  b: *a\n', "yaml: anchor 'a' value contains itself"],
    ['a: &x null\n<<:\n- *x\n', 'yaml: map merge requires map or sequence of maps as the value'],
    ['a: !!binary ==', 'yaml: !!binary value contains invalid base64 data'],
    ["v: !!float 'error'", 'yaml: cannot decode !!str `error` as a !!float'],
    ['{[.]}', 'yaml: invalid map key: []interface {}{"."}'],
    ['a: b\x01', 'yaml: control characters are not allowed'],
  ] as const)('%j', (text, message) => {
    let error: unknown;
    try {
      parseYaml(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(YamlSyntaxError);
    expect((error as Error).message).toBe(message);
  });
});
