import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCount, checkReleaseIndex, compareText } from './compare-files.js';

const check = { format_version: '2', expected_versions: ['0+dev.1', '0+dev.2', '10.1'] };
const raw = `builds:
  1687e549-6c70-4c61-46e9-c0112202f6cf:
    version: "10.1"
  3d16adb5-b093-47e6-4aa4-861dc507fa64:
    version: 0+dev.2
  65538871-adbd-46ee-47cc-2c94399007d4:
    version: 0+dev.1
format-version: "2"
`;

describe('checkReleaseIndex (release-index)', () => {
  it('accepts other random keys in their (sorted) order, whatever the version order', () => {
    const actual = `builds:
  0a1b2c3d-0000-4000-5000-000000000001:
    version: 0+dev.1
  9f00aa11-1111-4111-6111-111111111111:
    version: "10.1"
  ffffffff-2222-4222-4222-222222222222:
    version: 0+dev.2
format-version: "2"
`;
    expect(checkReleaseIndex(actual, check, raw)).toEqual([]);
    expect(checkReleaseIndex(actual, check, undefined)).toEqual([]);
  });

  it('accepts the recorded example itself', () => {
    expect(checkReleaseIndex(raw, check, raw)).toEqual([]);
  });

  it('reports a wrong version set', () => {
    const p = checkReleaseIndex(raw.replace('0+dev.2', '0+dev.3'), check, raw);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/versions differ/);
    expect(p[0]).toMatch(/-0\+dev\.2/);
    expect(p[0]).toMatch(/\+0\+dev\.3/);
  });

  it('reports an unquoted numeric version and format-version (go-yaml quotes them)', () => {
    const p = checkReleaseIndex(raw.replace('"10.1"', '10.1').replace('"2"', '2'), check, raw);
    expect(p.join('\n')).toMatch(/format-version is 2, expected "2"/);
    expect(p.join('\n')).toMatch(/not a string: \{"version":10.1\}/);
  });

  it('reports keys that are not UUIDs, and unsorted keys', () => {
    expect(checkReleaseIndex(raw.replace('1687e549-6c70', 'not-a-uuid-6c70'), check, raw).join('\n')).toMatch(
      /not UUIDs: not-a-uuid-6c70/,
    );
    const unsorted = raw.replace('1687e549', 'f687e549');
    expect(checkReleaseIndex(unsorted, check, raw)).toEqual(['builds keys are not sorted']);
  });

  it('accepts the non-RFC variant nibble the reference writes', () => {
    expect(checkReleaseIndex(raw.replace('46e9', '66e9'), check, raw)).toEqual([]);
  });

  it('reports a layout other than the recorded one (flow style, other indentation)', () => {
    const flow = `builds: {1687e549-6c70-4c61-46e9-c0112202f6cf: {version: "10.1"}, 3d16adb5-b093-47e6-4aa4-861dc507fa64: {version: 0+dev.2}, 65538871-adbd-46ee-47cc-2c94399007d4: {version: 0+dev.1}}\nformat-version: "2"\n`;
    expect(checkReleaseIndex(flow, check, raw).join('\n')).toMatch(/layout differs/);
  });

  it('reports YAML that does not parse, or is not a map', () => {
    expect(checkReleaseIndex('builds: [\n', check, raw)[0]).toMatch(/not valid YAML/);
    expect(checkReleaseIndex('- a\n', check, raw)[0]).toMatch(/not a YAML map/);
  });
});

describe('compareText', () => {
  it('is empty for equal bytes and a labelled diff otherwise', () => {
    expect(compareText('x', Buffer.from('a\n'), Buffer.from('a\n'))).toEqual([]);
    expect(compareText('x', Buffer.from('a\tb\n'), Buffer.from('a b\n'))).toEqual([
      'x differs (- expected + actual):\n    @@ line 1 @@\n    -a\\tb\n    +a b',
    ]);
  });
});

describe('checkCount', () => {
  const root = mkdtempSync(join(tmpdir(), 'count-'));
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });
  mkdirSync(join(root, '.blobstore/sub'), { recursive: true });
  writeFileSync(join(root, '.blobstore/0f1e2d3c-4b5a'), 'x');
  writeFileSync(join(root, '.blobstore/.hidden'), 'x');
  symlinkSync('0f1e2d3c-4b5a', join(root, '.blobstore/link'));

  it('counts regular files matched by * (dotfiles too), not directories or symlinks', () => {
    expect(checkCount(`${root}/.blobstore/*`, '${X}/.blobstore/*', 2)).toEqual([]);
    expect(checkCount(`${root}/.blobstore/*`, '${X}/.blobstore/*', 3)).toEqual([
      'count ${X}/.blobstore/*: 2 regular files, expected 3',
    ]);
  });

  it('counts an exact path, and a missing directory as none', () => {
    expect(checkCount(`${root}/.blobstore/0f1e2d3c-4b5a`, 'p', 1)).toEqual([]);
    expect(checkCount(`${root}/nope/*`, 'p', 0)).toEqual([]);
  });
});
