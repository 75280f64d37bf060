import { describe, expect, it } from 'vitest';
import { messageOf } from '../../../testing/yaml-builders.js';
import { Pointer, parsePointer } from './pointer.js';
import type { Token } from './tokens.js';

const root: Token = { kind: 'root' };
const key = (k: string, optional = false): Token => ({ kind: 'key', key: k, optional });
const index = (i: bigint, ...modifiers: ('prev' | 'next' | 'before' | 'after')[]): Token => ({
  kind: 'index',
  index: i,
  modifiers,
});
const match = (
  k: string,
  v: string,
  optional = false,
  ...modifiers: ('prev' | 'next' | 'before' | 'after')[]
) => ({ kind: 'matching-index', key: k, value: v, optional, modifiers }) as const;
const afterLast: Token = { kind: 'after-last-index' };

describe('parsePointer', () => {
  const cases: [string, Token[], string?][] = [
    ['', [root]],
    ['/', [root, key('')]],
    ['//', [root, key(''), key('')]],
    ['/key', [root, key('key')]],
    ['/a/b/c', [root, key('a'), key('b'), key('c')]],
    ['/array/0', [root, key('array'), index(0n)]],
    ['/array/-1', [root, key('array'), index(-1n)]],
    ['/array/+2', [root, key('array'), index(2n)], '/array/2'],
    ['/array/007', [root, key('array'), index(7n)], '/array/7'],
    ['/array/-', [root, key('array'), afterLast]],
    ['/-/x', [root, key('-'), key('x')]],
    ['/array/0:prev', [root, key('array'), index(0n, 'prev')]],
    ['/array/0:next', [root, key('array'), index(0n, 'next')]],
    ['/array/0:before', [root, key('array'), index(0n, 'before')]],
    ['/array/0:after', [root, key('array'), index(0n, 'after')]],
    ['/array/1:next:next:before', [root, key('array'), index(1n, 'next', 'next', 'before')]],
    ['/jobs/name=web', [root, key('jobs'), match('name', 'web')]],
    ['/jobs/name=a=b', [root, key('jobs'), match('name', 'a=b')]],
    ['/jobs/=x', [root, key('jobs'), match('', 'x')]],
    ['/jobs/name=web:after', [root, key('jobs'), match('name', 'web', false, 'after')]],
    ['/jobs/name=web?:before', [root, key('jobs'), match('name', 'web', true, 'before')]],
    ['/jobs/name=web?/x', [root, key('jobs'), match('name', 'web', true), key('x', true)]],
    ['/key?', [root, key('key', true)]],
    ['/key??', [root, key('key?', true)]],
    ['/a?b', [root, key('a?b')]],
    ['/a?/b/c', [root, key('a', true), key('b', true), key('c', true)]],
    ['/a/b?/c', [root, key('a'), key('b', true), key('c', true)]],
    ['/a?/0/c', [root, key('a', true), index(0n), key('c', true)]],
    ['/a/b?/c?', [root, key('a'), key('b', true), key('c', true)], '/a/b?/c'],
    ['/a/1?', [root, key('a'), key('1', true)]],
    ['/a~1b', [root, key('a/b')]],
    ['/c~0d', [root, key('c~d')]],
    ['/e~7f', [root, key('e:f')]],
    ['/~01', [root, key('~1')]],
    ['/x~7y=a~1b', [root, match('x:y', 'a/b')]],
    ['/a/9223372036854775807', [root, key('a'), index(9223372036854775807n)]],
    ['/a/-9223372036854775808', [root, key('a'), index(-9223372036854775808n)]],
    ['/a/9223372036854775808', [root, key('a'), key('9223372036854775808')]],
    ['/a/1_000', [root, key('a'), key('1_000')]],
    ['/a/ 1', [root, key('a'), key(' 1')]],
  ];

  it.each(cases)('parses %j', (str, tokens, rendered) => {
    const pointer = parsePointer(str);
    expect(pointer.tokens).toEqual(tokens);
    expect(pointer.toString()).toBe(rendered ?? str);
  });

  const errors: [string, string][] = [
    ['key', "Expected to start with '/'"],
    ['a/b', "Expected to start with '/'"],
    [
      '/array/0:foo',
      "Expected to find one of the following modifiers: 'prev', 'next', 'before', or 'after' but found 'foo'",
    ],
    [
      '/array/0:next:foo',
      "Expected to find one of the following modifiers: 'prev', 'next', 'before', or 'after' but found 'next'",
    ],
    [
      '/name=x:after?',
      "Expected to find one of the following modifiers: 'prev', 'next', 'before', or 'after' but found 'after?'",
    ],
    [
      '/a/0:',
      "Expected to find one of the following modifiers: 'prev', 'next', 'before', or 'after' but found ''",
    ],
    ['/array/-:after', 'Expected not to find any modifiers with after last index token'],
    ['/key:next', 'Expected not to find any modifiers with key token'],
    ['/-:next/x', 'Expected not to find any modifiers with key token'],
  ];

  it.each(errors)('rejects %j', (str, message) => {
    expect(messageOf(() => parsePointer(str))).toBe(message);
  });
});

describe('Pointer', () => {
  it('renders hand-built tokens, encoding keys and matches but not indexes', () => {
    const pointer = new Pointer([
      root,
      key('a/b:c~', true),
      match('k/', 'v:', true),
      index(-3n, 'prev'),
      afterLast,
    ]);
    expect(pointer.toString()).toBe('/a~1b~7c~0?/k~1=v~7/-3:prev/-');
  });

  it('prints ? on an optional match value before its modifiers', () => {
    expect(new Pointer([root, match('name', 'x', true, 'after')]).toString()).toBe('/name=x?:after');
  });

  it('gives prefixes for error paths', () => {
    const pointer = parsePointer('/a?/b/c');
    expect(pointer.prefix(1).toString()).toBe('');
    expect(pointer.prefix(3).toString()).toBe('/a?/b');
    expect(pointer.isRoot()).toBe(false);
    expect(pointer.prefix(1).isRoot()).toBe(true);
  });

  it('requires a root token first', () => {
    expect(messageOf(() => new Pointer([]))).toBe('Expected at least one token');
    expect(messageOf(() => new Pointer([key('a')]))).toBe('Expected first token to be root');
  });
});
