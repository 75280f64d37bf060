import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MultiError, WrappedError, renderMultilineError } from '../../base/errors.js';
import {
  corpusEntries,
  removeEntry,
  writeEntry,
  type CorpusFile,
} from '../../testing/release-corpus-fixture.js';
import type { FileEntry } from './file-entry.js';
import { readReleaseDir, type ReleaseDirContents } from './release-dir.js';
import { releaseSource } from './release-source.js';
import { verifyStagingFingerprint } from './staging.js';

const CORPUS = resolve(import.meta.dirname, '../../../../shared/conformance/releases');
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(CORPUS, path), 'utf8'));

interface Step {
  op: string;
  path?: string;
  content?: string;
  mode?: string;
}
interface Case {
  id: string;
  fixture: string;
  steps: Step[];
}

const cases = (readJson('cases.json') as { cases: Case[] }).cases;
const fixtures = (readJson('fixtures.json') as { fixtures: Record<string, { files: CorpusFile[] }> })
  .fixtures;
const SPEC_FILE = /^(jobs\/[^/]+\/spec|packages\/[^/]+\/spec(\.lock)?)$/;

/** Replays a case's materialize/write/remove steps on the fixture's file list and spec texts. */
function replay(c: Case): { dir: string; entries: FileEntry[]; texts: Map<string, string> } {
  let entries = corpusEntries(fixtures[c.fixture]?.files ?? []);
  const texts = new Map<string, string>();
  for (const e of entries) {
    if (SPEC_FILE.test(e.path))
      texts.set(e.path, readFileSync(join(CORPUS, 'fixtures', c.fixture, e.path), 'utf8'));
  }
  for (const s of c.steps) {
    if (s.op === 'write' && s.path !== undefined) {
      entries = writeEntry(entries, s.path, s.content ?? '', s.mode ?? '0644');
      texts.set(s.path, s.content ?? '');
    } else if (s.op === 'remove' && s.path !== undefined) {
      entries = removeEntry(entries, s.path);
      for (const key of [...texts.keys()])
        if (key === s.path || key.startsWith(s.path + '/')) texts.delete(key);
    }
  }
  return { dir: `/tmp/work/${c.fixture}-release`, entries, texts };
}

/** create-release's part we model: read the directory, then check every staging fingerprint. */
function createRelease(c: Case): ReleaseDirContents {
  const { dir, entries, texts } = replay(c);
  let release: ReleaseDirContents;
  try {
    release = readReleaseDir(releaseSource(dir, entries), texts);
    for (const job of release.jobs)
      verifyStagingFingerprint(job.files, job.fingerprint, { followSymlinks: true });
    for (const pkg of release.packages) {
      verifyStagingFingerprint(pkg.files, pkg.fingerprint, { additionalChunks: pkg.dependencies });
    }
  } catch (e) {
    const err = e instanceof MultiError ? e : new MultiError([e as Error]);
    const text = renderMultilineError(new WrappedError(`Building a release from directory '${dir}'`, err));
    throw new Error(text.split(dir).join('${RELEASE_DIR}') + '\nExit code 1\n');
  }
  return release;
}

/** Cases whose failure happens in the pure model (the rest are git, blobstore, or script failures). */
const FAILING = [
  'missing-job-spec',
  'bad-package-spec-yaml',
  'bad-job-spec-yaml',
  'missing-template',
  'blob-missing',
  'missing-dependency',
  'job-unknown-package',
  'job-name-mismatch',
  'missing-packaging',
  'missing-src-dir',
  'files-pattern-no-match',
  'packaging-via-files',
  'job-spec-missing-dir-templates',
  'exec-bit-not-owner',
];

const byId = (id: string): Case => {
  const c = cases.find((x) => x.id === `failures/${id}`);
  if (c === undefined) throw new Error(`no case ${id}`);
  return c;
};

describe('failure cases: exact stderr', () => {
  it.each(FAILING)('%s', (id) => {
    const want = readFileSync(join(CORPUS, 'expected/failures', id, '01-create/stderr'), 'utf8');
    let got = '';
    try {
      createRelease(byId(id));
    } catch (e) {
      got = (e as Error).message;
    }
    expect(got).toBe(want);
  });
});

describe('cases that succeed with surprising fingerprints', () => {
  const manifest = (id: string, file: string) =>
    readFileSync(join(CORPUS, 'expected/failures', id, '01-create/tree/dev_releases', file), 'utf8');

  it('dependency-cycle: a cycle is accepted, and c fingerprints its dependency a', () => {
    const release = createRelease(byId('dependency-cycle'));
    const c = release.packages.find((p) => p.name === 'c');
    expect(c?.fingerprint).toBe('423a22cfa9855f450e98ba498cb7479502d23bcdbe97e4fb25657bbbec616d03');
    expect(manifest('dependency-cycle', 'chain/chain-0+dev.1.yml')).toContain(
      `version: ${c?.fingerprint ?? ''}`,
    );
  });

  it('blob-missing-silently: the vanished blob simply drops out of the fingerprint', () => {
    const release = createRelease(byId('blob-missing-silently'));
    const text = manifest('blob-missing-silently', 'blobs/blobs-0+dev.1.yml');
    for (const r of [...release.jobs, ...release.packages]) {
      expect(text).toContain(`- name: ${r.name}\n  version: ${r.fingerprint}\n`);
    }
    const vendored = release.packages.find((p) => p.name === 'vendored');
    expect(vendored?.files.map((f) => f.name)).toEqual([
      'packaging',
      'shared/data.txt',
      'vendor/patches/fix.patch',
    ]);
  });
});
