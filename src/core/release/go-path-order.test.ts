import { describe, expect, it } from 'vitest';
import { compareGoStrings, sortGoStrings } from './go-order.js';
import { goBase, goClean, goDir, goJoin, goRel, newFileRelativePath } from './go-path.js';

describe('Go path rules', () => {
  it.each([
    ['', '.'],
    ['a//b/./c/', 'a/b/c'],
    ['/../a/..', '/'],
    ['../a/../..', '../..'],
    ['/r/src/c/../x', '/r/src/x'],
  ])('Clean(%j) = %j', (path, want) => {
    expect(goClean(path)).toBe(want);
  });

  it('joins, skipping empty elements', () => {
    expect(goJoin('/r/src', '')).toBe('/r/src');
    expect(goJoin('/r', 'templates', '../spec')).toBe('/r/spec');
    expect(goJoin('', '')).toBe('');
  });

  it.each([
    ['/r/src', '/r/src/a', 'a'],
    ['/r/src', '/r/blobs/x', '../blobs/x'],
    ['/r/src', '/r/src', '.'],
    ['/', '/a/b', 'a/b'],
  ])('Rel(%s, %s) = %s', (base, target, want) => {
    expect(goRel(base, target)).toBe(want);
  });

  it.each([
    ['/r/src/a/b', '/r/src', 'a/b'],
    ['/r/src2/x', '/r/src', '2/x'],
    ['/r/blobs/x', '/r/src', 'r/blobs/x'],
  ])('NewFile(%s, %s).RelativePath = %s', (path, dir, want) => {
    expect(newFileRelativePath(path, dir)).toBe(want);
  });

  it('splits base and dir names', () => {
    expect([goBase('/a/b'), goBase('/'), goBase(''), goDir('/a/b'), goDir('b')]).toEqual([
      'b',
      '/',
      '.',
      '/a',
      '.',
    ]);
  });
});

describe('Go string order', () => {
  it('compares by code point, which is UTF-8 byte order', () => {
    expect(sortGoStrings(['😀', 'ｚ', 'é', 'z', 'Z', 'lib/x', 'lib.x', 'lib-x'])).toEqual([
      'Z',
      'lib-x',
      'lib.x',
      'lib/x',
      'z',
      'é',
      'ｚ',
      '😀',
    ]);
    expect(compareGoStrings('a', 'ab')).toBeLessThan(0);
    expect(compareGoStrings('\u{10000}', '\u{10001}')).toBeLessThan(0);
    expect(compareGoStrings('x', 'x')).toBe(0);
  });
});
