import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusEntries, type CorpusFile } from '../../testing/release-corpus-fixture.js';
import { additionalChunk, fingerprintChunks, fingerprintFromChunks } from './fingerprint.js';
import { readReleaseDir } from './release-dir.js';
import { releaseSource } from './release-source.js';
import { stagingFingerprint } from './staging.js';

const CORPUS = resolve(import.meta.dirname, '../../../../shared/conformance/releases');

interface ExpectedResource {
  fingerprint: string;
  chunks?: string[];
  additional_chunk?: string;
  from?: string;
}
interface ExpectedFixture {
  jobs: Record<string, ExpectedResource>;
  packages: Record<string, ExpectedResource>;
  license: ExpectedResource | null;
}

const fingerprints = JSON.parse(readFileSync(join(CORPUS, 'fingerprints.json'), 'utf8')) as Record<
  string,
  ExpectedFixture
>;
const fixtures = JSON.parse(readFileSync(join(CORPUS, 'fixtures.json'), 'utf8')) as {
  fixtures: Record<string, { files: CorpusFile[] }>;
};

const SPEC_FILE = /^(jobs\/[^/]+\/spec|packages\/[^/]+\/spec(\.lock)?)$/;

function readFixture(name: string) {
  const files = fixtures.fixtures[name]?.files ?? [];
  const texts = new Map<string, string>();
  for (const f of files) {
    if (SPEC_FILE.test(f.path))
      texts.set(f.path, readFileSync(join(CORPUS, 'fixtures', name, f.path), 'utf8'));
  }
  return readReleaseDir(releaseSource(`/work/${name}-release`, corpusEntries(files)), texts);
}

let checked = 0;
const total = Object.values(fingerprints).reduce(
  (n, f) => n + Object.keys(f.jobs).length + Object.keys(f.packages).length + (f.license === null ? 0 : 1),
  0,
);

describe.each(Object.entries(fingerprints))('fixture %s', (name, expected) => {
  const release = readFixture(name);

  it.each(Object.entries(expected.jobs))('job %s', (jobName, want) => {
    const job = release.jobs.find((j) => j.name === jobName);
    expect(job?.fingerprint).toBe(want.fingerprint);
    expect(fingerprintChunks(job?.files ?? [], { followSymlinks: true })).toEqual(want.chunks);
    expect(stagingFingerprint(job?.files ?? [], { followSymlinks: true })).toBe(want.fingerprint);
    checked++;
  });

  it.each(Object.entries(expected.packages))('package %s', (pkgName, want) => {
    const pkg = release.packages.find((p) => p.name === pkgName);
    expect(pkg?.fingerprint).toBe(want.fingerprint);
    if (want.from === 'spec.lock') {
      expect(pkg?.fromLock).toBe(true);
    } else {
      const chunks = fingerprintChunks(pkg?.files ?? []);
      expect(chunks).toEqual(want.chunks);
      expect(additionalChunk(pkg?.dependencies)).toBe(want.additional_chunk);
      expect(fingerprintFromChunks(chunks, want.additional_chunk)).toBe(want.fingerprint);
      const options = { additionalChunks: pkg?.dependencies ?? [] };
      expect(stagingFingerprint(pkg?.files ?? [], options)).toBe(want.fingerprint);
    }
    checked++;
  });

  it('license', () => {
    if (expected.license === null) {
      expect(release.license).toBeUndefined();
      return;
    }
    expect(release.license?.fingerprint).toBe(expected.license.fingerprint);
    expect(fingerprintChunks(release.license?.files ?? [], { modeIncluded: false })).toEqual(
      expected.license.chunks,
    );
    checked++;
  });

  it('lists jobs and packages by name, as the manifest does', () => {
    expect(release.jobs.map((j) => j.name)).toEqual(Object.keys(expected.jobs).sort());
    expect(release.packages.map((p) => p.name)).toEqual(Object.keys(expected.packages).sort());
  });
});

describe('coverage', () => {
  it('matched every fingerprint of fingerprints.json', () => {
    expect(total).toBe(22);
    expect(checked).toBe(total);
  });
});
