import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INITIAL_BLOBS_INDEX, emitBlobsIndex, parseBlobsIndex } from './blobs-index.js';
import { emitBuildIndex, parseBuildIndex } from './build-index.js';
import { emitFinalConfig, parseFinalConfig } from './final-config.js';
import { emitSpecLock, parseSpecLock } from './package-spec.js';
import { emitReleaseIndex, parseReleaseIndex } from './release-index.js';
import { emitReleaseManifest } from './release-manifest.js';
import { parseReleaseManifest } from './release-manifest-parse.js';

/**
 * Every YAML file the reference CLI wrote into a release directory in the corpus (and the committed ones
 * of the fixtures) must survive parse + emit byte for byte: field order, quoting and omissions included.
 */
const CORPUS = resolve(import.meta.dirname, '../../../../shared/conformance/releases');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    return d.isDirectory() ? walk(path) : d.isFile() ? [path] : [];
  });
}

type Kind =
  'release-manifest' | 'release-index' | 'build-index' | 'final-config' | 'blobs-index' | 'spec-lock';

function kindOf(rel: string): Kind | undefined {
  if (/(^|\/)\.(dev|final)_builds\/.*index\.yml$/.test(rel)) return 'build-index';
  if (/(^|\/)(dev_releases|releases)\/[^/]+\/index\.yml$/.test(rel)) return 'release-index';
  if (/(^|\/)(dev_releases|releases)\/[^/]+\/[^/]+\.yml$/.test(rel)) return 'release-manifest';
  if (rel.endsWith('config/final.yml')) return 'final-config';
  if (rel.endsWith('config/blobs.yml')) return 'blobs-index';
  if (rel.endsWith('/spec.lock')) return 'spec-lock';
  return undefined;
}

const roundTrip: Record<Kind, (text: string) => string> = {
  'release-manifest': (t) => emitReleaseManifest(parseReleaseManifest(t)),
  'release-index': (t) => emitReleaseIndex(parseReleaseIndex(t)),
  'build-index': (t) => emitBuildIndex(parseBuildIndex(t)),
  'final-config': (t) => emitFinalConfig(parseFinalConfig(t, 'config/final.yml')),
  'blobs-index': (t) => (t === INITIAL_BLOBS_INDEX ? t : emitBlobsIndex(parseBlobsIndex(t))),
  'spec-lock': (t) => emitSpecLock(parseSpecLock(t)),
};

const files = [
  ...walk(join(CORPUS, 'expected')).filter((p) => p.includes('/tree/')),
  ...walk(join(CORPUS, 'fixtures')).filter((p) => /\/(\.final_builds|packages)\//.test(p)),
]
  .map((path) => ({ path, rel: relative(CORPUS, path), kind: kindOf(relative(CORPUS, path)) }))
  .filter((f): f is { path: string; rel: string; kind: Kind } => f.kind !== undefined);

describe('corpus YAML files round-trip byte for byte', () => {
  it('covers every kind', () => {
    const counts = new Map<string, number>();
    for (const f of files) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toMatchObject({
      'release-manifest': expect.any(Number) as number,
      'release-index': expect.any(Number) as number,
      'build-index': expect.any(Number) as number,
      'final-config': expect.any(Number) as number,
      'blobs-index': expect.any(Number) as number,
      'spec-lock': expect.any(Number) as number,
    });
    expect(files.length).toBeGreaterThan(250);
  });

  it.each(files.map((f) => [f.rel, f] as const))('%s', (_rel, f) => {
    const text = readFileSync(f.path, 'utf8');
    expect(roundTrip[f.kind](text)).toBe(text);
  });
});
