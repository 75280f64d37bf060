import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorChainMessage } from '../../base/errors.js';
import { INITIAL_BLOBS_INDEX, emitBlobsIndex, parseBlobsIndex } from './blobs-index.js';
import {
  blobstoreFromConfig,
  emitFinalConfig,
  parseFinalConfig,
  releaseNameFromConfig,
  withName,
} from './final-config.js';

const CORPUS = resolve(import.meta.dirname, '../../../../shared/conformance/releases');
const PATH = '/r/config/final.yml';
const failure = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return errorChainMessage(e as Error);
  }
  return 'no error';
};

/** The config step of a failure case and the line of its expected stderr that names the problem. */
function configCase(id: string): { content: string; want: string } {
  const cases = (
    JSON.parse(readFileSync(join(CORPUS, 'cases.json'), 'utf8')) as {
      cases: { id: string; steps: { op: string; path?: string; content?: string }[] }[];
    }
  ).cases;
  const step = cases.find((c) => c.id === `failures/${id}`)?.steps.find((s) => s.path === 'config/final.yml');
  const stderr = readFileSync(join(CORPUS, 'expected/failures', id, '01-create/stderr'), 'utf8');
  return { content: step?.content ?? '', want: (stderr.split('\n')[1] ?? '').trim() };
}

describe('config/final.yml', () => {
  it.each(['no-name', 'name-and-final-name'])('%s fails as recorded', (id) => {
    const { content, want } = configCase(id);
    const message = failure(() => releaseNameFromConfig(parseFinalConfig(content, PATH), PATH));
    expect(message).toBe(want.replace('${RELEASE_DIR}', '/r'));
  });

  it('accepts the legacy final_name alone', () => {
    const { content } = configCase('final-name-legacy');
    expect(releaseNameFromConfig(parseFinalConfig(content, PATH), PATH)).toBe('legacy');
  });

  it('keeps the blobstore and drops unknown keys and final_name when init-release saves the name', () => {
    const text =
      '---\n# comment\nname: old\nfinal_name: x\nextra: 1\nblobstore:\n  provider: local\n  options: {b: 2, a: [1]}\n';
    const saved = emitFinalConfig(withName(parseFinalConfig(text, PATH), 'demo'));
    expect(saved).toBe('name: demo\nblobstore:\n  provider: local\n  options:\n    a:\n    - 1\n    b: 2\n');
    expect(emitFinalConfig(withName(undefined, 'demo'))).toBe('name: demo\n');
  });

  it('requires a blobstore provider for blob operations', () => {
    const config = parseFinalConfig('name: a\n', PATH);
    expect(failure(() => blobstoreFromConfig(config, PATH))).toBe(
      "Expected non-empty 'blobstore.provider' in config '/r/config/final.yml'",
    );
  });

  it('wraps decoding errors with the path', () => {
    expect(failure(() => parseFinalConfig('name: [a]\n', PATH))).toBe(
      "Unmarshalling config '/r/config/final.yml': yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into string",
    );
  });
});

describe('config/blobs.yml', () => {
  it('reads blobs sorted by path, object_id only when uploaded', () => {
    const text = 'z/b:\n  size: 2\n  sha: sha256:bb\na/b:\n  size: 1\n  object_id: id\n  sha: sha256:aa\n';
    expect(parseBlobsIndex(text)).toEqual([
      { path: 'a/b', size: 1, objectId: 'id', sha: 'sha256:aa' },
      { path: 'z/b', size: 2, sha: 'sha256:bb' },
    ]);
    expect(emitBlobsIndex(parseBlobsIndex(text))).toBe(
      'a/b:\n  size: 1\n  object_id: id\n  sha: sha256:aa\nz/b:\n  size: 2\n  sha: sha256:bb\n',
    );
  });

  it('starts as `--- {}` and is written back as `{}` once emptied', () => {
    expect(parseBlobsIndex(INITIAL_BLOBS_INDEX)).toEqual([]);
    expect(emitBlobsIndex([])).toBe('{}\n');
  });

  it('wraps decoding errors', () => {
    expect(failure(() => parseBlobsIndex('a:\n  size: big\n'))).toBe(
      'Unmarshalling blobs index: yaml: unmarshal errors:\n  line 2: cannot unmarshal !!str `big` into int64',
    );
  });
});
