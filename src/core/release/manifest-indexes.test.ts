import { describe, expect, it } from 'vitest';
import { errorChainMessage } from '../../base/errors.js';
import { emitBuildIndex, findBuild, parseBuildIndex } from './build-index.js';
import { addRelease, emitReleaseIndex, parseReleaseIndex, releaseManifestPath } from './release-index.js';
import { emitReleaseManifest, type ReleaseManifest } from './release-manifest.js';
import { parseReleaseManifest } from './release-manifest-parse.js';

const failure = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return errorChainMessage(e as Error);
  }
  return 'no error';
};

const base: ReleaseManifest = {
  name: 'r',
  version: '1',
  commitHash: '0865280',
  uncommittedChanges: true,
  jobs: [],
  packages: [],
};

describe('release manifest', () => {
  it('omits empty jobs/packages/compiled_packages and the license; quotes numeric-looking strings', () => {
    expect(emitReleaseManifest(base)).toBe(
      'name: r\nversion: "1"\ncommit_hash: "0865280"\nuncommitted_changes: true\n',
    );
    expect(emitReleaseManifest({ ...base, version: '0+dev.1', commitHash: '8cdfb29' })).toBe(
      'name: r\nversion: 0+dev.1\ncommit_hash: 8cdfb29\nuncommitted_changes: true\n',
    );
  });

  it('writes compiled packages after packages, with the stemcell slug', () => {
    const m: ReleaseManifest = {
      ...base,
      version: '2',
      jobs: [{ name: 'j', version: 'f', fingerprint: 'f', sha1: 's', packages: [] }],
      compiledPackages: [
        {
          name: 'p',
          version: 'g',
          fingerprint: 'g',
          sha1: 't',
          stemcell: 'ubuntu-jammy/1.18',
          dependencies: ['q'],
        },
      ],
      license: { version: 'l', fingerprint: 'l', sha1: 'u' },
    };
    const text = emitReleaseManifest(m);
    expect(text).toBe(
      [
        'name: r',
        'version: "2"',
        'commit_hash: "0865280"',
        'uncommitted_changes: true',
        'jobs:',
        '- name: j',
        '  version: f',
        '  fingerprint: f',
        '  sha1: s',
        '  packages: []',
        'compiled_packages:',
        '- name: p',
        '  version: g',
        '  fingerprint: g',
        '  sha1: t',
        '  stemcell: ubuntu-jammy/1.18',
        '  dependencies:',
        '  - q',
        'license:',
        '  version: l',
        '  fingerprint: l',
        '  sha1: u',
        '',
      ].join('\n'),
    );
    expect(parseReleaseManifest(text)).toEqual(m);
  });

  it('reads Ruby-era manifests: `!binary` sha1/version/fingerprint are decoded, other fields stay raw', () => {
    const legacy = [
      'name: !binary |-',
      '  YXBw',
      'version: 12',
      'commit_hash: abc',
      'uncommitted_changes: false',
      'jobs:',
      '- name: j',
      '  version: !binary |-',
      '    MQ==',
      '  fingerprint: !binary |-',
      '    ZmY=',
      '  sha1: !binary |-',
      '    ZGVhZGJlZWY=',
      '',
    ].join('\n');
    const m = parseReleaseManifest(legacy);
    expect(m.name).toBe('YXBw');
    expect(m.version).toBe('12');
    expect(m.jobs).toEqual([{ name: 'j', version: '1', fingerprint: 'ff', sha1: 'deadbeef', packages: [] }]);
  });

  it('reports decoding problems under `Parsing release manifest`', () => {
    expect(failure(() => parseReleaseManifest('jobs: {a: 1}\nuncommitted_changes: maybe\n'))).toBe(
      'Parsing release manifest: yaml: unmarshal errors:\n' +
        '  line 1: cannot unmarshal !!map into []manifest.JobRef\n' +
        '  line 2: cannot unmarshal !!str `maybe` into bool',
    );
  });
});

describe('build index', () => {
  it('sorts builds bytewise by key and writes blobstore_id only when set', () => {
    const index = new Map([
      ['b1', { version: 'b1', sha1: 'sha256:2' }],
      ['1a', { version: '1a', blobstoreId: 'id', sha1: 'sha256:1' }],
      ['10', { version: '10', sha1: '3' }],
    ]);
    const text = emitBuildIndex(index);
    expect(text).toBe(
      'builds:\n  "10":\n    version: "10"\n    sha1: "3"\n  1a:\n    version: 1a\n    blobstore_id: id\n    sha1: sha256:1\n' +
        '  b1:\n    version: b1\n    sha1: sha256:2\nformat-version: "2"\n',
    );
    expect(parseBuildIndex(text)).toEqual(index);
    expect(findBuild(index, '1a')?.blobstoreId).toBe('id');
    expect(emitBuildIndex(new Map())).toBe('builds: {}\nformat-version: "2"\n');
  });

  it("fixes the Ruby CLI's ` !binary ` tags", () => {
    const text =
      "builds:\n  ab:\n    version: ab\n    sha1: !binary |-\n      ZGVhZGJlZWY=\nformat-version: '2'\n";
    expect(parseBuildIndex(text).get('ab')?.sha1).toBe('deadbeef');
  });

  it('wraps errors as `Unmarshalling index`', () => {
    expect(failure(() => parseBuildIndex('builds: [1]\n'))).toBe(
      'Unmarshalling index: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into index.fsIndexSchema_SortedEntries',
    );
  });
});

describe('release index', () => {
  it('round-trips, keyed by UUID, sorted bytewise', () => {
    const index = addRelease(addRelease(new Map(), 'f0', '0+dev.1'), '0a', '1');
    const text = emitReleaseIndex(index);
    expect(text).toBe('builds:\n  0a:\n    version: "1"\n  f0:\n    version: 0+dev.1\nformat-version: "2"\n');
    expect(parseReleaseIndex(text)).toEqual(
      new Map([
        ['0a', '1'],
        ['f0', '0+dev.1'],
      ]),
    );
  });

  it('refuses a duplicate version', () => {
    expect(failure(() => addRelease(new Map([['k', '2']]), 'j', '2'))).toBe(
      "Release version '2' already exists",
    );
  });

  it('names manifests <name>/<name>-<version>.yml', () => {
    expect(releaseManifestPath('chain', '0+dev.1')).toBe('chain/chain-0+dev.1.yml');
  });
});
