import { describe, expect, it } from 'vitest';
import { GoFloat, mapOf } from '../../base/yaml/value.js';
import {
  decodeDeleteReleasePayload,
  decodeUpdateReleasePayload,
  decodeUpdateStemcellPayload,
} from './payloads.js';
import { dependencyKey, resolvePackageDependencies } from './release/dependencies.js';
import { formatReleaseVersion, parseReleaseVersion, rebaseVersion, toOldFormat } from './release-version.js';
import { rubyInspect, rubyToS } from '../../base/ruby-inspect.js';

const fmt = (v: string) => formatReleaseVersion(parseReleaseVersion(v));
const rebase = (v: string, existing: string[]) =>
  formatReleaseVersion(rebaseVersion(parseReleaseVersion(v), existing));

describe('release versions (Bosh::Version::ReleaseVersion)', () => {
  it('formats as Ruby semi_semantic does', () => {
    expect(fmt('1.2-dev')).toBe('1+dev.2');
    expect(fmt('01.0')).toBe('1.0');
    expect(fmt('1.')).toBe('1');
    expect(() => fmt('1..2')).toThrow();
    expect(toOldFormat('1+dev.2')).toBe('1.2-dev');
    expect(toOldFormat('1')).toBeUndefined();
  });

  it('rebases onto the latest version with the same release and pre-release', () => {
    expect(rebase('0+dev.1', [])).toBe('0+dev.1');
    expect(rebase('0+dev.9', ['0+dev.1', '0+dev.3', '1+dev.7'])).toBe('0+dev.4');
    expect(rebase('2+dev.1', ['2'])).toBe('2+dev.1');
    expect(() => rebase('2', [])).toThrow('Failed to Rebase - Invalid Version: 2');
  });
});

describe('Ruby value printing', () => {
  it('inspects as Ruby 3.4', () => {
    const doc = mapOf({ name: 'x', version: 5, f: new GoFloat(1), list: ['a', null, true], h: mapOf({}) });
    expect(rubyInspect(doc)).toBe(
      '{"name" => "x", "version" => 5, "f" => 1.0, "list" => ["a", nil, true], "h" => {}}',
    );
    expect(rubyInspect('say "hi"\n#{x}')).toBe('"say \\"hi\\"\\n\\#{x}"');
    expect(rubyToS(null)).toBe('');
    expect(rubyToS(1.5)).toBe('1.5');
  });
});

describe('package dependencies', () => {
  const pkgs = [
    { name: 'c', version: 'c1', dependencies: ['b', 'a'] },
    { name: 'b', version: 'b1', dependencies: ['a'] },
    { name: 'a', version: 'a1', dependencies: [] },
  ];

  it('resolves transitive dependencies and dependency keys like KeyGenerator', () => {
    expect(resolvePackageDependencies(pkgs).get('c')).toEqual(['b', 'a']);
    expect(dependencyKey('c', pkgs)).toBe('[["a","a1"],["b","b1",[["a","a1"]]]]');
    expect(dependencyKey('a', pkgs)).toBe('[]');
  });
});

describe('payloads', () => {
  it('decodes an upload from a file or a location, with flags', () => {
    expect(decodeUpdateReleasePayload({ tarballPath: '/t', fix: true, rebase: false, sha1: 'x' })).toEqual({
      tarballPath: '/t',
      fix: true,
      rebase: false,
      sha1: 'x',
    });
    expect(decodeUpdateStemcellPayload({ location: 'https://x', fix: false })).toEqual({
      location: 'https://x',
      fix: false,
    });
    expect(decodeDeleteReleasePayload({ name: 'a', force: true })).toEqual({ name: 'a', force: true });
  });

  it('refuses payloads it cannot run', () => {
    expect(() => decodeUpdateReleasePayload({ fix: true })).toThrow(
      "Invalid update_release task payload: needs one of 'tarballPath', 'location'",
    );
    expect(() => decodeDeleteReleasePayload({ version: '1' })).toThrow(
      "Invalid delete_release task payload: 'name' is missing",
    );
    expect(() => decodeUpdateStemcellPayload('x')).toThrow(
      'Invalid update_stemcell task payload: expected an object',
    );
  });
});
