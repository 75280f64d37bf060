import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BlobUrlSigner, BlobVerb } from '../blobs/url-signer.js';
import type { ApiDeps } from './api-deps.js';

/**
 * `GET`/`PUT /signed/blobs/:id`: the blobstore as agents reach it, by URLs the director signed (no credentials;
 * 403 for a bad or expired signature). PUT bodies (compiled packages, logs) stream to a file, then into the store.
 */
export function signedBlobRoutes(
  signer: BlobUrlSigner,
  storeAs: (id: string, file: string) => Promise<void>,
) {
  return (app: FastifyInstance, deps: ApiDeps): void => {
    const check = async (
      verb: BlobVerb,
      req: FastifyRequest,
      reply: FastifyReply,
    ): Promise<string | undefined> => {
      const id = (req.params as { id: string }).id;
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) {
        await reply.code(400).type('text/plain').send(`Invalid blob id '${id}'`);
        return undefined;
      }
      const q = req.query as { e?: string; s?: string };
      const refused = signer.refuse(verb, id, q.e, q.s, deps.now());
      if (refused === undefined) return id;
      await reply.code(403).type('text/plain').send(`Forbidden: ${refused}`);
      return undefined;
    };

    app.get('/signed/blobs/:id', async (req, reply) => {
      const id = await check('GET', req, reply);
      if (id === undefined) return reply;
      if (!(await deps.blobstore.exists(id)))
        return reply.code(404).type('text/plain').send(`Blob '${id}' not found`);
      const dir = await mkdtemp(join(deps.tmpDir, 'blob-'));
      await deps.blobstore.get(id, join(dir, 'blob'));
      const stream = createReadStream(join(dir, 'blob'));
      stream.on('close', () => {
        void rm(dir, { recursive: true, force: true });
      });
      return reply.type('application/octet-stream').send(stream);
    });

    app.put('/signed/blobs/:id', async (req, reply) => {
      const id = await check('PUT', req, reply);
      if (id === undefined) return reply;
      const dir = await mkdtemp(join(deps.tmpDir, 'blob-'));
      try {
        const file = join(dir, 'blob');
        await pipeline(req.body as Readable, createWriteStream(file, { mode: 0o600 }));
        await storeAs(id, file);
        return await reply.code(201).send();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  };
}
