import { request } from 'node:https';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentRequest } from '../../protocol/agent.js';
import { DirBlobManager } from '../blobstore/blob-manager.js';
import type { Logger } from '../logger.js';
import { HttpsMbus } from './https-mbus.js';
import { selfSigned } from './mbus-cert.js';

const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
const cert = selfSigned('agent', ['127.0.0.1'], Date.now());

let dir: string;
let server: HttpsMbus;
let port: number;
const seen: AgentRequest[] = [];

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(
  method: string,
  path: string,
  body?: string,
  auth: string | null = 'mbus:p@ss',
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (auth !== null) headers['Authorization'] = `Basic ${Buffer.from(auth).toString('base64')}`;
    const req = request({ host: '127.0.0.1', port, path, method, ca: cert.ca, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'agent-https-'));
  server = new HttpsMbus({
    url: new URL('https://mbus:p%40ss@127.0.0.1:0'),
    cert,
    blobs: new DirBlobManager(dir),
    logger: quiet,
    dispatch: (r) => {
      seen.push(r);
      return Promise.resolve(
        r.method === 'ping' ? { value: 'pong' } : { exception: { message: 'nope <&>' } },
      );
    },
  });
  port = (await server.start()).port;
});
afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('HTTPS mbus', () => {
  it('answers POST /agent with the response envelope, Go-escaped, HTTP 200 for exceptions too', async () => {
    const ok = await call('POST', '/agent', '{"method":"ping","arguments":[],"reply_to":"cli"}');
    expect(ok).toMatchObject({ status: 200, body: '{"value":"pong"}' });
    expect(seen.at(-1)).toEqual({ method: 'ping', arguments: [], reply_to: 'cli', protocol: 0 });
    const failed = await call('POST', '/agent', '{"method":"other"}');
    expect(failed).toMatchObject({
      status: 200,
      body: '{"exception":{"message":"nope \\u003c\\u0026\\u003e"}}',
    });
  });

  it('refuses wrong or missing credentials with 401 and a Basic challenge', async () => {
    for (const auth of [null, 'mbus:wrong', 'other:p@ss']) {
      const r = await call('POST', '/agent', '{"method":"ping"}', auth);
      expect(r.status).toBe(401);
      expect(r.headers['www-authenticate']).toBe('Basic realm=""');
    }
  });

  it('answers 500 for a body that is not a request, 404 for other methods and paths', async () => {
    expect((await call('POST', '/agent', 'not json')).status).toBe(500);
    expect((await call('POST', '/agent', '{"method":5}')).status).toBe(500);
    expect((await call('GET', '/agent')).status).toBe(404);
    expect(await call('GET', '/other', undefined, null)).toMatchObject({
      status: 404,
      body: '404 page not found\n',
    });
  });

  it('stores PUT /blobs/<id> in the blob directory and serves it back with GET', async () => {
    expect((await call('PUT', '/blobs/some/prefix/blob-1', 'content of blob')).status).toBe(201);
    expect(await readFile(join(dir, 'blob-1'), 'utf8')).toBe('content of blob');
    expect(await call('GET', '/blobs/blob-1')).toMatchObject({ status: 200, body: 'content of blob' });
    expect((await call('GET', '/blobs/absent')).status).toBe(404);
    expect((await call('PUT', '/blobs/x', 'no auth', null)).status).toBe(401);
  });
});
