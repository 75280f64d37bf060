import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBlobstore } from '../../adapters/blobstore/local-blobstore.js';
import { VerifyingBlobstore } from '../../adapters/blobstore/verifying-blobstore.js';
import { BlobUrlSigner } from '../blobs/url-signer.js';
import type { ApiDeps } from './api-deps.js';
import { buildApi } from './app.js';
import { signedBlobRoutes } from './signed-blob-routes.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signed-blobs-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const NOW = 1_800_000_000;
const KEY = Buffer.alloc(32, 1);

describe('the signer', () => {
  it('signs one verb and blob until the expiry; anything else is refused with the reason', () => {
    const signer = new BlobUrlSigner(KEY, () => 'https://10.0.0.6:25555');
    const url = new URL(signer.sign('GET', 'blob-1', NOW + 60));
    expect(url.pathname).toBe('/signed/blobs/blob-1');
    const [e, s] = [url.searchParams.get('e') ?? '', url.searchParams.get('s') ?? ''];
    expect(signer.refuse('GET', 'blob-1', e, s, NOW)).toBeUndefined();
    expect(signer.refuse('PUT', 'blob-1', e, s, NOW)).toBe('invalid signature');
    expect(signer.refuse('GET', 'blob-2', e, s, NOW)).toBe('invalid signature');
    expect(signer.refuse('GET', 'blob-1', String(NOW + 3600), s, NOW)).toBe('invalid signature');
    expect(signer.refuse('GET', 'blob-1', e, s, NOW + 61)).toBe('signature expired');
    expect(signer.refuse('GET', 'blob-1', undefined, s, NOW)).toBe('missing signature');
  });
});

describe('signed blob routes', () => {
  it('serve and take blobs by signed URL only, without credentials', async () => {
    const blobDir = join(dir, 'blobstore');
    const blobstore = new VerifyingBlobstore(new LocalBlobstore(blobDir));
    const signer = new BlobUrlSigner(KEY, () => '');
    const deps = {
      blobstore,
      tmpDir: dir,
      now: () => NOW,
      authenticate: () => undefined,
      config: { tls: { certificate: '', privateKey: '' } },
    } as unknown as ApiDeps;
    const app = buildApi({ ...deps, config: { ...deps.config } }, [
      signedBlobRoutes(signer, async (id, file) => {
        await writeFile(join(blobDir, id), await readFile(file));
      }),
    ]);
    await writeFile(join(dir, 'source'), 'package bits');
    const id = await blobstore.put(join(dir, 'source'));

    const got = await app.inject({ method: 'GET', url: signer.sign('GET', id, NOW + 60) });
    expect([got.statusCode, got.body]).toEqual([200, 'package bits']);
    const put = await app.inject({
      method: 'PUT',
      url: signer.sign('PUT', 'compiled-1', NOW + 60),
      headers: { 'content-type': 'application/octet-stream' },
      payload: 'compiled bits',
    });
    expect(put.statusCode).toBe(201);
    expect(await readFile(join(blobDir, 'compiled-1'), 'utf8')).toBe('compiled bits');

    const forged = await app.inject({ method: 'GET', url: `/signed/blobs/${id}?e=${String(NOW + 60)}&s=00` });
    expect([forged.statusCode, forged.body]).toEqual([403, 'Forbidden: invalid signature']);
    const late = await app.inject({ method: 'GET', url: signer.sign('GET', id, NOW - 1) });
    expect([late.statusCode, late.body]).toEqual([403, 'Forbidden: signature expired']);
    const sneaky = await app.inject({ method: 'PUT', url: `/signed/blobs/..%2Fx?e=1&s=1`, payload: 'x' });
    expect([sneaky.statusCode, sneaky.body]).toEqual([400, "Invalid blob id '../x'"]);
    const missing = await app.inject({ method: 'GET', url: signer.sign('GET', 'nope', NOW + 60) });
    expect([missing.statusCode, missing.body]).toEqual([404, "Blob 'nope' not found"]);
    await app.close();
  });
});
