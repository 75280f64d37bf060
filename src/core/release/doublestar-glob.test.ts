import { describe, expect, it } from 'vitest';
import { doublestarGlob } from './doublestar-glob.js';
import { isZeroLength, matchComponent, splitAlternatives } from './doublestar-match.js';
import type { FileEntry } from './file-entry.js';
import { VirtualFs } from './vfs.js';

const file = (path: string): FileEntry => ({ path, kind: 'file', sha256: 'x' });
const link = (path: string, linkTarget: string): FileEntry => ({
  path,
  kind: 'symlink',
  sha256: 'x',
  linkTarget,
});

const fs = new VirtualFs();
fs.mount('/r/src', [
  file('a.txt'),
  file('.hidden'),
  file('dir/b.txt'),
  file('dir/sub/c.txt'),
  link('link-dir', 'dir'),
  link('link-file', 'a.txt'),
  link('broken', 'nowhere'),
  { path: 'x/y.sh', kind: 'exec', sha256: 'x' },
]);

const glob = (pattern: string) => {
  const r = doublestarGlob(fs, `/r/src/${pattern}`);
  return { bad: r.badPattern, matches: r.matches.map((m) => m.slice('/r/src/'.length)) };
};

describe('doublestar v1 Glob over a virtual tree', () => {
  it.each([
    ['*', ['.hidden', 'a.txt', 'broken', 'dir', 'link-dir', 'link-file', 'x']],
    [
      '**/*',
      [
        ...['dir/sub/c.txt', 'dir/b.txt', 'dir/sub'],
        ...['link-dir/sub/c.txt', 'link-dir/b.txt', 'link-dir/sub'],
        'x/y.sh',
        ...['.hidden', 'a.txt', 'broken', 'dir', 'link-dir', 'link-file', 'x'],
      ],
    ],
    [
      '**',
      [
        ...['.hidden', 'a.txt', 'dir', 'dir/b.txt', 'dir/sub', 'dir/sub/c.txt'],
        ...['link-dir', 'link-dir/b.txt', 'link-dir/sub', 'link-dir/sub/c.txt', 'link-file', 'x', 'x/y.sh'],
      ],
    ],
    ['**/c.txt', ['dir/sub/c.txt', 'link-dir/sub/c.txt']],
    [
      '**/*.{txt,sh}',
      ['dir/sub/c.txt', 'dir/b.txt', 'link-dir/sub/c.txt', 'link-dir/b.txt', 'x/y.sh', 'a.txt'],
    ],
    ['dir/{b,sub/c}.txt', ['dir/b.txt', 'dir/sub/c.txt']],
    ['{a.txt,x/*}', ['a.txt', 'x/y.sh']],
    ['a.txt', ['a.txt']],
    ['dir/', ['dir']],
    ['./dir/../a.txt', ['a.txt']],
    ['link-dir/*', ['link-dir/b.txt', 'link-dir/sub']],
    ['broken', ['broken']],
    ['nope/*', []],
    ['[a-c]*', ['a.txt', 'broken']],
    ['[^a-c]*', ['.hidden', 'dir', 'link-dir', 'link-file', 'x']],
    ['?.txt', ['a.txt']],
    ['\\*', []],
    ['*.t{x,y}t', ['a.txt']],
  ])('%s', (pattern, want) => {
    expect(glob(pattern)).toEqual({ bad: false, matches: want });
  });

  it.each(['[', 'x/[]', '{a', 'x/*[z-]'])('bad pattern %s', (pattern) => {
    expect(glob(pattern).bad).toBe(true);
  });

  it('a bad pattern in a directory that does not exist is just no match', () => {
    expect(glob('nope/[')).toEqual({ bad: false, matches: [] });
  });

  it('stops in a directory symlink loop after 40 links (ELOOP), deepest match first', () => {
    const loop = new VirtualFs();
    loop.mount('/l', [file('f'), link('self', '.')]);
    const r = doublestarGlob(loop, '/l/**/f');
    expect(r.matches).toHaveLength(41);
    expect(r.matches[0]).toBe('/l/' + 'self/'.repeat(40) + 'f');
    expect(r.matches.at(-1)).toBe('/l/f');
  });
});

describe('doublestar component matching', () => {
  it.each([
    ['*', '.dotfile', []],
    ['*.txt', 'a.txt', []],
    ['*/rest', 'anything', ['rest']],
    ['a/b', 'a', ['b']],
    ['{a,b}/x', 'b', ['x']],
    ['{a/x,a/y}', 'a', ['x', 'y']],
    ['*{,x}', 'a', undefined], // doublestar never tries the empty suffix after '*'
    ['a{,x}', 'a', []],
    ['[^]', 'q', []],
    ['[a-]', 'a', 'bad'],
    ['\\', 'a', 'bad'],
    ['ab', 'a', undefined],
    ['a', 'ab', undefined],
    ['ｚ?', 'ｚ😀', []],
  ])('%s vs %s', (pattern, name, want) => {
    let got: unknown;
    try {
      got = matchComponent(pattern, name);
    } catch {
      got = 'bad';
    }
    expect(got).toEqual(want);
  });

  it('splits alternatives with nesting and escapes', () => {
    expect(splitAlternatives('a,{b,c},\\,d}rest')).toEqual({ options: ['a', '{b,c}', '\\,d'], end: 12 });
    expect(splitAlternatives('a,b')).toBeUndefined();
  });

  it.each([
    ['', true],
    ['*', true],
    ['**', true],
    ['{,x}', true],
    ['{x,y}', false],
    ['{,x}y', false],
    ['***', false],
  ])('zero length %s', (pattern, want) => {
    expect(isZeroLength(pattern)).toBe(want);
  });
});
