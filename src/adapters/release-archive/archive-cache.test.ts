import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderMultilineError } from '../../base/errors.js';
import type { Blobstore } from '../../ports/blobstore.js';
import { ErrBlobstore, makeReleaseBlobstoreFactory } from '../blobstore/index.js';
import { FsArchiveCache } from './archive-cache.js';

/** `~/.bosh/cache/<digest>` and its blobstore backing (bosh-cli FSIndexBlobs). */

let work: string;
let cacheDir: string;
let blobstore: Blobstore;
let events: string[];
const reporter = {
  downloadStarted: (n: string, d: string) => events.push(`download ${n} ${d}`),
  downloadFinished: (n: string, d: string, failed: boolean) =>
    events.push(`downloaded ${n} ${d} ${String(failed)}`),
  uploadStarted: (n: string, d: string) => events.push(`upload ${n} ${d}`),
  uploadFinished: (n: string, d: string, failed: boolean) =>
    events.push(`uploaded ${n} ${d} ${String(failed)}`),
};
let ids: number;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'bosh-ts-cache-'));
  cacheDir = join(work, 'home/.bosh/cache');
  events = [];
  ids = 0;
  const factory = makeReleaseBlobstoreFactory({ newId: () => `id-${String(++ids)}` });
  blobstore = factory({ provider: 'local', options: { blobstore_path: '.blobstore' } }, work);
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const digestOf = (algorithm: string, content: string, prefix = `${algorithm}:`): string =>
  prefix + createHash(algorithm).update(content).digest('hex');

async function file(name: string, content: string): Promise<string> {
  const path = join(work, name);
  await writeFile(path, content);
  return path;
}

describe('add', () => {
  it('copies the archive to <cache>/<digest> with mode 0600 and keeps the source', async () => {
    const cache = new FsArchiveCache({ cacheDir });
    const src = await file('a.tgz', 'archive');
    const digest = digestOf('sha256', 'archive');
    expect(await cache.add({ name: 'a/fp', path: src, digest })).toEqual({
      cachePath: join(cacheDir, digest),
    });
    expect(await readFile(join(cacheDir, digest), 'utf8')).toBe('archive');
    expect((await stat(join(cacheDir, digest))).mode & 0o777).toBe(0o600);
    expect(await readFile(src, 'utf8')).toBe('archive');
    expect(await readdir(cacheDir)).toEqual([digest]);
  });

  it('moves the archive with `move`, and drops the source when the digest is cached already', async () => {
    const cache = new FsArchiveCache({ cacheDir });
    const digest = digestOf('sha256', 'archive');
    const first = await file('a.tgz', 'archive');
    await cache.add({ name: 'a/fp', path: first, digest, move: true });
    await expect(stat(first)).rejects.toThrow();
    const second = await file('b.tgz', 'archive');
    await cache.add({ name: 'a/fp', path: second, digest, move: true });
    await expect(stat(second)).rejects.toThrow();
    expect(await readdir(cacheDir)).toEqual([digest]);
  });

  it('uploads to the blobstore when it has one', async () => {
    const cache = new FsArchiveCache({ cacheDir, blobstore, reporter });
    const digest = digestOf('sha256', 'final');
    const src = await file('f.tgz', 'final');
    expect(await cache.add({ name: 'f/fp', path: src, digest })).toEqual({
      cachePath: join(cacheDir, digest),
      blobstoreId: 'id-1',
    });
    expect(await readFile(join(work, '.blobstore/id-1'), 'utf8')).toBe('final');
    expect(events).toEqual([`upload f/fp sha1=${digest}`, `uploaded f/fp sha1=${digest} false`]);
  });

  it('reports a failed upload', async () => {
    const cache = new FsArchiveCache({
      cacheDir,
      blobstore: new ErrBlobstore(new Error('no store')),
      reporter,
    });
    const digest = digestOf('sha256', 'final');
    const src = await file('f.tgz', 'final');
    const error = await cache.add({ name: 'f/fp', path: src, digest }).catch((e: unknown) => e as Error);
    expect(renderMultilineError(error as Error)).toBe(`Creating blob for path '${src}':\n  no store`);
    expect(events).toEqual([`upload f/fp sha1=${digest}`, `uploaded f/fp sha1=${digest} true`]);
  });

  it('fails on a missing source', async () => {
    const cache = new FsArchiveCache({ cacheDir });
    const src = join(work, 'missing.tgz');
    const error = await cache
      .add({ name: 'x', path: src, digest: 'sha256:ab' })
      .catch((e: unknown) => e as Error);
    expect(renderMultilineError(error as Error)).toBe(
      `Copying file '${src}' with SHA1 'sha256:ab' into cache:\n  Opening source path:\n    open ${src}: no such file or directory`,
    );
  });
});

describe('get', () => {
  it.each([
    ['sha1', (c: string) => digestOf('sha1', c, '')],
    ['sha256', (c: string) => digestOf('sha256', c)],
    ['sha512', (c: string) => digestOf('sha512', c)],
    ['a ;-list', (c: string) => `${digestOf('sha1', c, '')};${digestOf('sha256', c)}`],
  ])('returns a cached archive after checking its %s digest', async (_, digestFor) => {
    const cache = new FsArchiveCache({ cacheDir });
    const digest = digestFor('content');
    await mkdir(cacheDir, { recursive: true });
    await writeFile(join(cacheDir, digest), 'content');
    expect(await cache.get({ name: 'n', digest })).toBe(join(cacheDir, digest));
  });

  it('fails on a cached archive that does not match its digest', async () => {
    const cache = new FsArchiveCache({ cacheDir });
    const digest = digestOf('sha256', 'content');
    await mkdir(cacheDir, { recursive: true });
    await writeFile(join(cacheDir, digest), 'tampered');
    const error = await cache
      .get({ name: 'n', digest, blobstoreId: 'b-1' })
      .catch((e: unknown) => e as Error);
    expect(renderMultilineError(error as Error)).toBe(
      `Local copy ('${join(cacheDir, digest)}') of blob 'b-1' digest verification error:\n  Expected stream to have digest '${digest}' but was '${digestOf('sha256', 'tampered')}'`,
    );
  });

  it('downloads from the blobstore into the cache, then serves the cached copy', async () => {
    const cache = new FsArchiveCache({ cacheDir, blobstore, reporter });
    const id = await blobstore.put(await file('final.tgz', 'final'));
    const digest = digestOf('sha256', 'final');
    const path = await cache.get({ name: 'p/fp', digest, blobstoreId: id });
    expect(path).toBe(join(cacheDir, digest));
    expect(await readFile(path, 'utf8')).toBe('final');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(events).toEqual([`download p/fp sha1=${digest}`, `downloaded p/fp sha1=${digest} false`]);
    await blobstore.delete(id);
    expect(await cache.get({ name: 'p/fp', digest, blobstoreId: id })).toBe(path);
    expect(await readdir(cacheDir)).toEqual([digest]);
  });

  it('fails on a digest it cannot parse before downloading', async () => {
    const cache = new FsArchiveCache({ cacheDir, blobstore, reporter });
    const error = await cache
      .get({ name: 'p/fp', digest: 'sha256:a-b', blobstoreId: 'id' })
      .catch((e: unknown) => e as Error);
    expect(renderMultilineError(error as Error)).toBe(
      "Downloading blob 'id' with digest 'sha256:a-b':\n  unable to parse digest string. Digest and algorithm key can only contain alpha-numeric characters",
    );
    expect(events).toEqual([]);
  });

  it.each([
    [{ blobstoreId: 'b-9' }, false, "Cannot find blob 'b-9' with SHA1 'sha256:ab'"],
    [{}, true, "Cannot find blob named 'n/fp' with SHA1 'sha256:ab'"],
    [{ blobstoreId: '' }, true, "Cannot find blob named 'n/fp' with SHA1 'sha256:ab'"],
  ])('fails when the archive is neither cached nor downloadable: %j', async (extra, withStore, message) => {
    const cache = new FsArchiveCache(withStore ? { cacheDir, blobstore } : { cacheDir });
    const error = await cache
      .get({ name: 'n/fp', digest: 'sha256:ab', ...extra })
      .catch((e: unknown) => e as Error);
    expect((error as Error).message).toBe(message);
  });

  it.each(['../escape', '/abs', '', 'a/../../b'])(
    'refuses a digest that is not a safe file name: %j',
    async (d) => {
      const cache = new FsArchiveCache({ cacheDir });
      const error = await cache.get({ name: 'n', digest: d }).catch((e: unknown) => e as Error);
      expect((error as Error).message).toBe(`Invalid blob SHA1 '${d}': must be a safe local path`);
    },
  );

  it('fails when the cache dir cannot be made', async () => {
    const blocker = await file('blocker', '');
    const cache = new FsArchiveCache({ cacheDir: join(blocker, 'cache') });
    const error = await cache.get({ name: 'n', digest: 'sha256:ab' }).catch((e: unknown) => e as Error);
    expect(renderMultilineError(error as Error)).toBe(
      `Creating cache directory:\n  mkdir ${join(blocker, 'cache')}: not a directory`,
    );
  });
});
