import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorChainMessage, toError } from '../../base/errors.js';
import { Dirs } from '../dirs.js';
import type { BlobstoreSettings } from '../settings/settings.js';
import { CascadingBlobstore } from './agent-blobstore.js';
import { DirBlobManager } from './blob-manager.js';

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const message = (e: unknown) => errorChainMessage(toError(e));

let root: string;
let dirs: Dirs;
let settings: BlobstoreSettings;
let store: CascadingBlobstore;
let sensitive: DirBlobManager;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'agent-blobstore-'));
  dirs = new Dirs(join(root, 'vm'));
  await mkdir(join(root, 'store'), { recursive: true });
  settings = { provider: 'local', options: { blobstore_path: join(root, 'store') } };
  sensitive = new DirBlobManager(dirs.sensitiveBlobs);
  let n = 0;
  store = new CascadingBlobstore({
    dirs,
    managers: [sensitive, new DirBlobManager(dirs.blobs)],
    settings: () => settings,
    newId: () => `id-${String(++n)}`,
  });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('agent blobstore', () => {
  it('fetches from the local provider and checks the digest', async () => {
    await writeFile(join(root, 'store', 'b1'), 'job bits');
    const path = await store.get({ blobstoreId: 'b1', digest: sha1('job bits') });
    expect(await readFile(path, 'utf8')).toBe('job bits');
    await store.cleanUp(path);
    const wrong = await store.get({ blobstoreId: 'b1', digest: sha1('other') }).catch(message);
    expect(wrong).toBe(
      `Checking downloaded blob 'b1': Expected stream to have digest '${sha1('other')}' but was '${sha1('job bits')}'`,
    );
  });

  it('prefers the local blob managers, and deletes only from them', async () => {
    await sensitive.write('b2', Buffer.from('uploaded'));
    const path = await store.get({ blobstoreId: 'b2', digest: sha1('uploaded') });
    expect(await readFile(path, 'utf8')).toBe('uploaded');
    await store.delete('b2');
    expect(await sensitive.path('b2')).toBeUndefined();
  });

  it('uploads under a new id and reports the sha1', async () => {
    await writeFile(join(root, 'logs.tgz'), 'logs');
    expect(await store.create(join(root, 'logs.tgz'))).toEqual({ blobId: 'id-1', sha1: sha1('logs') });
    expect(await readFile(join(root, 'store', 'id-1'), 'utf8')).toBe('logs');
  });

  it('speaks davcli layout and basic auth to a dav blobstore', async () => {
    const blobs = new Map<string, string>([[`/${sha1('d1').slice(0, 2)}/d1`, 'dav bits']]);
    const server: Server = createServer((req, res) => {
      if (req.headers.authorization !== `Basic ${Buffer.from('agent:pw').toString('base64')}`) {
        res.statusCode = 401;
        res.end();
        return;
      }
      const path = (req.url ?? '').replace(/^\/blobs/, '');
      if (req.method === 'PUT') {
        let body = '';
        req.on('data', (d: Buffer) => (body += d.toString()));
        req.on('end', () => {
          blobs.set(path, body);
          res.statusCode = 201;
          res.end();
        });
        return;
      }
      const found = blobs.get(path);
      res.statusCode = found === undefined ? 404 : 200;
      res.end(found ?? 'missing');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const address = server.address();
      const port = address !== null && typeof address === 'object' ? address.port : 0;
      settings = {
        provider: 'dav',
        options: { endpoint: `http://127.0.0.1:${String(port)}/blobs`, user: 'agent', password: 'pw' },
      };
      const path = await store.get({ blobstoreId: 'd1', digest: sha1('dav bits') });
      expect(await readFile(path, 'utf8')).toBe('dav bits');
      expect(await store.get({ blobstoreId: 'nope', digest: sha1('x') }).catch(message)).toBe(
        'Getting blob from inner blobstore: Getting dav blob nope: Wrong response code: 404; body: missing',
      );
      await writeFile(join(root, 'up'), 'uploaded bits');
      const { blobId } = await store.create(join(root, 'up'));
      expect(blobs.get(`/${sha1(blobId).slice(0, 2)}/${blobId}`)).toBe('uploaded bits');
    } finally {
      server.close();
    }
  });

  it('names an unsupported provider', async () => {
    settings = { provider: 's3', options: {} };
    expect(await store.get({ blobstoreId: 'x', digest: sha1('x') }).catch(message)).toBe(
      "Blobstore provider 's3' is not supported by this agent",
    );
  });
});
