import { createHash } from 'node:crypto';
import { chmod, copyFile, lstat, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MultiError, renderMultilineError, wrapError } from '../../base/errors.js';
import type { SourceFile, StagedFile } from '../../ports/release-archive.js';
import { createReleaseBlobstore } from '../blobstore/index.js';
import { FsArchiveCache } from './archive-cache.js';
import { NodeResourceArchiver } from './resource-archiver.js';

/**
 * The corpus' failure cases whose text comes from this layer (`expected/failures/*`), rendered the way the CLI
 * wraps them (`Building a release from directory ...` over a multi-error, `Exit code 1`), plus `vendored/legacy-sha1`.
 */

const CORPUS = resolve(import.meta.dirname, '../../../../shared/conformance/releases');
const stderrOf = (id: string): Promise<string> =>
  readFile(join(CORPUS, 'expected/failures', id, '01-create/stderr'), 'utf8');
const building = (dir: string, e: unknown): string =>
  renderMultilineError(
    wrapError(new MultiError([e as Error]), `Building a release from directory '${dir}'`),
  ) + '\nExit code 1\n';
const failureOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => new Error('no failure'),
    (e: unknown) => e,
  );

let work: string;
let archiver: NodeResourceArchiver;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bosh-ts-corpus-failures-'));
  archiver = new NodeResourceArchiver({ tempRoot: join(work, 'home/.bosh/tmp') });
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function put(path: string, content: string | Buffer, mode = 0o644): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
  await chmod(path, mode);
  return path;
}

/** A release dir whose local blobstore holds the vendored fixture's blob. */
async function vendoredRelease(
  name: string,
): Promise<{ dir: string; cache: FsArchiveCache; events: string[] }> {
  const dir = join(work, name);
  const id = 'c9f32f8d-fe5d-4875-7079-c94f42fce00c';
  await mkdir(join(dir, '.blobstore'), { recursive: true });
  await copyFile(join(CORPUS, 'fixtures/vendored/.blobstore', id), join(dir, '.blobstore', id));
  const events: string[] = [];
  const cache = new FsArchiveCache({
    cacheDir: join(work, `${name}-home/.bosh/cache`),
    blobstore: createReleaseBlobstore({ provider: 'local', options: { blobstore_path: '.blobstore' } }, dir),
    reporter: {
      downloadStarted: (n, d) => events.push(`started ${n} (${d})`),
      downloadFinished: (n, d, failed) => events.push(`${failed ? 'failed' : 'finished'} ${n} (${d})`),
      uploadStarted: () => undefined,
      uploadFinished: () => undefined,
    },
  });
  return { dir, cache, events };
}

describe('failures recorded by the reference CLI', () => {
  it('pre-packaging-fails: the exec error of `bash -x` with its stdout and trace', async () => {
    const dir = join(work, 'prepack-release');
    const script = {
      name: 'pre_packaging',
      sourcePath: await put(join(dir, 'packages/b/pre_packaging'), 'echo about to fail\nexit 3\n'),
    };
    const files = [
      { name: 'b/build.sh', sourcePath: await put(join(dir, 'src/b/build.sh'), 'echo hi\n', 0o755) },
      { name: 'packaging', sourcePath: await put(join(dir, 'packages/b/packaging'), 'set -e\n') },
      script,
    ];
    const error = await failureOf(
      archiver.build({
        kind: 'package',
        name: 'b',
        files,
        fingerprint: 'fp',
        stagedFingerprint: () => 'fp',
        prePackaging: { script, releaseDir: dir },
      }),
    );
    expect(building(dir, error).replaceAll(dir, '${RELEASE_DIR}')).toBe(
      await stderrOf('pre-packaging-fails'),
    );
  });

  it('exec-bit-not-owner: source and staging fingerprints differ for a 0654 file', async () => {
    const dir = join(work, 'exec-bit-release');
    const packaging = await readFile(join(CORPUS, 'fixtures/minimal/packages/empty/packaging'));
    const files: SourceFile[] = [
      { name: 'group-exec.txt', sourcePath: await put(join(dir, 'src/group-exec.txt'), 'x\n', 0o654) },
      { name: 'packaging', sourcePath: await put(join(dir, 'packages/empty/packaging'), packaging) },
    ];
    /** README §5 for a package without dependencies. */
    const fingerprint = (entries: readonly StagedFile[]): string => {
      let s = 'v2';
      for (const f of [...entries].sort((a, b) => (a.name < b.name ? -1 : 1))) {
        s += f.name + f.digest + (f.name === 'packaging' ? '' : f.mode & 0o111 ? '100755' : '100644');
      }
      return createHash('sha256').update(s).digest('hex');
    };
    const source = await Promise.all(
      files.map(async (f) => ({
        name: f.name,
        type: 'file' as const,
        mode: (await lstat(f.sourcePath)).mode & 0o777,
        digest: `sha256:${createHash('sha256')
          .update(await readFile(f.sourcePath))
          .digest('hex')}`,
      })),
    );
    const error = await failureOf(
      archiver.build({
        kind: 'package',
        name: 'empty',
        files,
        fingerprint: fingerprint(source),
        stagedFingerprint: fingerprint,
      }),
    );
    expect(building(dir, error).replaceAll(dir, '${RELEASE_DIR}')).toBe(await stderrOf('exec-bit-not-owner'));
  });

  it('vendored-digest-mismatch: the blobstore copy does not have the committed digest', async () => {
    const { dir, cache, events } = await vendoredRelease('mismatch-release');
    const fp = 'f96631771edbfdcf425c8b97b25ffcd0283307b96e1321f65482a67091f94788';
    const zeros = `sha256:${'0'.repeat(64)}`;
    const error = await failureOf(
      cache.get({ name: `c/${fp}`, digest: zeros, blobstoreId: 'c9f32f8d-fe5d-4875-7079-c94f42fce00c' }),
    );
    const expected = await stderrOf('vendored-digest-mismatch');
    expect(`-- Failed downloading 'c/${fp}' (sha1=${zeros})\n\n` + building(dir, error)).toBe(
      expected.replaceAll('${RELEASE_DIR}', dir),
    );
    expect(events).toEqual([`started c/${fp} (sha1=${zeros})`, `failed c/${fp} (sha1=${zeros})`]);
  });

  it('blob-not-in-blobstore: the local blobstore has no file for the id', async () => {
    const dir = join(work, 'missing-blob-release');
    const id = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
    const blobstore = createReleaseBlobstore(
      { provider: 'local', options: { blobstore_path: '.blobstore' } },
      dir,
    );
    const error = await failureOf(
      blobstore.get(id, join(dir, 'blobs/tools/helper.bin'), `sha256:${'7'.repeat(64)}`),
    );
    const rendered =
      `Blob download 'tools/helper.bin' (id: ${id}) failed\n` +
      renderMultilineError(
        new MultiError([wrapError(error, `Getting blob '${id}' for path 'tools/helper.bin'`)]),
      ) +
      '\nExit code 1\n';
    expect(rendered).toBe((await stderrOf('blob-not-in-blobstore')).replaceAll('${RELEASE_DIR}', dir));
  });
});

describe('vendored/legacy-sha1', () => {
  it('verifies a 40-hex SHA-1 digest and names the cache file by it', async () => {
    const { cache, events } = await vendoredRelease('legacy-release');
    const sha1 = '648efb14d0e2439f9aa7de29f93438f3a4a3ec8f';
    const path = await cache.get({
      name: 'c/fp',
      digest: sha1,
      blobstoreId: 'c9f32f8d-fe5d-4875-7079-c94f42fce00c',
    });
    expect(path).toBe(join(work, 'legacy-release-home/.bosh/cache', sha1));
    expect(
      createHash('sha1')
        .update(await readFile(path))
        .digest('hex'),
    ).toBe(sha1);
    expect((await lstat(path)).mode & 0o777).toBe(0o600);
    expect(events).toEqual([`started c/fp (sha1=${sha1})`, `finished c/fp (sha1=${sha1})`]);
  });
});
