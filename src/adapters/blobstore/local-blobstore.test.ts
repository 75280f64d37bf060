import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderMultilineError } from '../../base/errors.js';
import type { Blobstore } from '../../ports/blobstore.js';
import { createReleaseBlobstore, makeReleaseBlobstoreFactory, type ProviderConstructor } from './index.js';

/** bosh-cli's local release blobstore behind digest verification and retries, and the provider factory. */

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'bosh-ts-blobstore-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const local = (path: unknown = '.blobstore'): Blobstore =>
  createReleaseBlobstore({ provider: 'local', options: { blobstore_path: path } }, work);
const sha256 = (content: string): string => `sha256:${createHash('sha256').update(content).digest('hex')}`;

async function file(name: string, content: string): Promise<string> {
  const path = join(work, name);
  await writeFile(path, content);
  return path;
}

async function failure(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'no error',
    (e: unknown) => renderMultilineError(e as Error),
  );
}

describe('local blobstore', () => {
  it('round-trips a file under a random UUID v4, in a blobstore_path relative to the release dir', async () => {
    const store = local();
    const id = await store.put(await file('blob.bin', 'payload'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u);
    expect(await readFile(join(work, '.blobstore', id), 'utf8')).toBe('payload');
    expect(await store.exists(id)).toBe(true);

    const dest = join(work, 'blobs/nested/dir/blob.bin');
    await store.get(id, dest, sha256('payload'));
    expect(await readFile(dest, 'utf8')).toBe('payload');
    expect((await stat(dest)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(work, 'blobs/nested/dir'))).toEqual(['blob.bin']);

    await store.delete(id);
    expect(await store.exists(id)).toBe(false);
    await expect(store.delete(id)).resolves.toBeUndefined();
  });

  it('uses an absolute blobstore_path as is and creates it', async () => {
    const root = join(work, 'elsewhere/store');
    const id = await local(root).put(await file('b', 'x'));
    expect(await readFile(join(root, id), 'utf8')).toBe('x');
  });

  it('downloads without a digest and replaces an existing destination', async () => {
    const store = local();
    const id = await store.put(await file('b', 'new'));
    const dest = await file('dest', 'old');
    await store.get(id, dest);
    expect(await readFile(dest, 'utf8')).toBe('new');
  });

  it('fails like bosh-utils when the blob is not in the store', async () => {
    const id = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
    const path = join(work, '.blobstore', id);
    expect(await failure(local().get(id, join(work, 'dest')))).toBe(
      [
        'Getting blob from inner blobstore:',
        '  Getting blob from inner blobstore:',
        '    Copying file:',
        '      Opening source path:',
        `        open ${path}: no such file or directory`,
      ].join('\n'),
    );
    expect(await readdir(work)).toEqual([]);
  });

  it('fails on a digest mismatch and leaves the destination alone', async () => {
    const store = local();
    const id = await store.put(await file('b', 'actual'));
    const dest = await file('dest', 'keep me');
    const want = sha256('expected');
    expect(await failure(store.get(id, dest, want))).toBe(
      [
        'Getting blob from inner blobstore:',
        `  Checking downloaded blob '${id}':`,
        `    Expected stream to have digest '${want}' but was '${sha256('actual')}'`,
      ].join('\n'),
    );
    expect(await readFile(dest, 'utf8')).toBe('keep me');
    expect((await readdir(work)).sort()).toEqual(['.blobstore', 'b', 'dest']);
  });

  it('throws a digest it cannot parse as is', async () => {
    expect(await failure(local().get('id', join(work, 'd'), 'nope!'))).toBe(
      'unable to parse digest string. Digest and algorithm key can only contain alpha-numeric characters',
    );
  });

  it('fails to store a missing file', async () => {
    const path = join(work, 'missing');
    expect(await failure(local().put(path))).toBe(
      `Creating blob in inner blobstore:\n  open ${path}: no such file or directory`,
    );
  });

  it('fails when the blobstore path cannot be made', async () => {
    await file('blocker', '');
    const source = await file('b', 'x');
    expect(await failure(local('blocker/store').put(source))).toBe(
      [
        'Creating blob in inner blobstore:',
        '  Making blobstore path:',
        `    mkdir ${join(work, 'blocker/store')}: not a directory`,
      ].join('\n'),
    );
  });

  it('refuses ids that are not a single file name', async () => {
    expect(await failure(local().get('../x', join(work, 'd')))).toContain(
      "Invalid blob id '../x': must be a single path element",
    );
    await expect(local().exists('a/b')).resolves.toBe(false);
  });
});

describe('provider selection', () => {
  it.each([
    [{}, 'missing blobstore_path'],
    [{ blobstore_path: 3 }, 'blobstore_path must be a string'],
    [{ blobstore_path: null }, 'blobstore_path must be a string'],
  ])('local options %j: every operation fails with %j', async (options, message) => {
    const store = createReleaseBlobstore({ provider: 'local', options }, work);
    expect(await failure(store.put(join(work, 'x')))).toBe(message);
    expect(await failure(store.get('id', join(work, 'x')))).toBe(message);
    expect(await failure(store.delete('id'))).toBe(message);
    expect(await failure(store.exists('id'))).toBe(message);
  });

  it.each(['s3-unknown', 'dav', '', 'toString'])(
    'an unknown provider %j fails when used',
    async (provider) => {
      const store = createReleaseBlobstore({ provider, options: {} }, work);
      expect(await failure(store.put(join(work, 'x')))).toBe('Expected release blobstore to be configured');
      expect(await failure(store.get('id', join(work, 'x')))).toBe(
        'Expected release blobstore to be configured',
      );
    },
  );

  it('retries a failing provider three times, then reports the last failure', async () => {
    let attempts = 0;
    const flaky: ProviderConstructor = () => ({
      create: () => Promise.reject(new Error(`create ${String(++attempts)}`)),
      getTo: async (_id, dest) => {
        attempts++;
        if (attempts < 3) throw new Error(`get ${String(attempts)}`);
        await writeFile(dest, 'third time');
      },
      delete: () => Promise.resolve(),
      exists: () => Promise.resolve(true),
    });
    const factory = makeReleaseBlobstoreFactory({ providers: new Map([['flaky', flaky]]) });
    const store = factory({ provider: 'flaky', options: {} }, work);
    const dest = join(work, 'dest');
    await store.get('id', dest);
    expect(await readFile(dest, 'utf8')).toBe('third time');
    expect(attempts).toBe(3);

    attempts = 0;
    const source = await file('src', 'x');
    expect(await failure(store.put(source))).toBe('Creating blob in inner blobstore:\n  create 3');
    expect(attempts).toBe(3);

    attempts = -10;
    expect(await failure(store.get('id', dest))).toBe(
      'Getting blob from inner blobstore:\n  Getting blob from inner blobstore:\n    get -7',
    );
    expect(attempts).toBe(-7);
  });
});
