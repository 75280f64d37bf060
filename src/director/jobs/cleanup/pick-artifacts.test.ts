import { describe, expect, it } from 'vitest';
import { keepCount, pickCompiledPackages, pickReleases, pickStemcells } from './pick-artifacts.js';
import { stemcellVersionsMatch } from '../release-version.js';

const versions = (list: string, used: string[] = []) =>
  list.split(' ').map((version) => ({ version, used: used.includes(version) }));

describe('pickReleases (ReleasesToDeletePicker)', () => {
  it('keeps the used versions and the newest 2 unused ones of each release, by version not by upload', () => {
    const picked = pickReleases(
      [
        { name: 'zoo', versions: versions('3 1 10 2 1+dev.4', ['10']) },
        { name: 'app', versions: versions('1 2') },
        { name: 'db', versions: versions('1.2-dev 1+dev.3 1') },
      ],
      keepCount(false),
    );
    expect(picked).toEqual([
      { name: 'db', versions: ['1'] },
      { name: 'zoo', versions: ['1', '1+dev.4'] },
    ]);
  });

  it('--all keeps only what is used', () => {
    expect(pickReleases([{ name: 'app', versions: versions('2 1 3', ['2']) }], keepCount(true))).toEqual([
      { name: 'app', versions: ['1', '3'] },
    ]);
    expect(pickReleases([{ name: 'app', versions: versions('1', ['1']) }], 0)).toEqual([]);
  });
});

const stemcell = (id: number, name: string, version: string, deployments: string[] = []) => ({
  id,
  name,
  version,
  deployments,
});

describe('pickStemcells (StemcellsToDeletePicker)', () => {
  it('keeps the used stemcells and the newest 2 unused ones of each name', () => {
    const all = [
      stemcell(1, 'jammy', '1.10'),
      stemcell(2, 'jammy', '1.9'),
      stemcell(3, 'jammy', '1.2', ['cf']),
      stemcell(4, 'jammy', '1.1'),
      stemcell(5, 'jammy', '1.11'),
      stemcell(6, 'xenial', '621.5'),
      stemcell(7, 'xenial', '621_4'),
      stemcell(8, 'xenial', '3'),
    ];
    expect(pickStemcells(all, 2).map((s) => s.id)).toEqual([4, 2, 8]);
    expect(pickStemcells(all, 0).map((s) => s.id)).toEqual([4, 2, 1, 5, 8, 7, 6]);
  });
});

describe('pickCompiledPackages (CompiledPackagesToDeletePicker)', () => {
  const stemcells = [
    { id: 1, operatingSystem: 'ubuntu-jammy', version: '1.10' },
    { id: 2, operatingSystem: 'ubuntu-jammy', version: '2.1' },
  ];
  const cp = (name: string, os: string, version: string) => ({
    name,
    stemcellOs: os,
    stemcellVersion: version,
  });

  it('picks the compiled packages no remaining stemcell of their OS and major version is left for', () => {
    const compiled = [
      cp('a', 'ubuntu-jammy', '1.5'),
      cp('b', 'ubuntu-jammy', '2.0'),
      cp('c', 'ubuntu-xenial', '1.10'),
      cp('d', 'ubuntu-jammy', '3'),
    ];
    expect(pickCompiledPackages(compiled, stemcells, new Set()).map((c) => c.name)).toEqual(['c', 'd']);
    expect(pickCompiledPackages(compiled, stemcells, new Set([2])).map((c) => c.name)).toEqual([
      'b',
      'c',
      'd',
    ]);
  });

  it('matches versions as StemcellVersion.match does: the first release component', () => {
    expect(stemcellVersionsMatch('621.5', '621.21')).toBe(true);
    expect(stemcellVersionsMatch('621_5', '621')).toBe(true);
    expect(stemcellVersionsMatch('621', '622')).toBe(false);
  });
});
