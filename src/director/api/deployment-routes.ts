import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { BoshError } from '../../core/errors.js';
import type { ApiDeps } from './api-deps.js';
import { deploymentOrFail } from '../jobs/deployment-lookup.js';
import { enqueue, requirePermission } from './app.js';

export function deploymentRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/deployments', async (req) => {
    requirePermission(deps, req, 'read');
    const locks = await deps.store.locks.list(deps.now());
    return (await deps.store.deployments.list()).map((d) => ({
      name: d.name,
      teams: [],
      cloud_config: 'none',
      stemcells: d.stemcells.map((s) => ({ name: s.name, version: s.version })),
      releases: d.releases.map((r) => ({ name: r.name, version: r.version })),
      locked: locks.some((l) => l.name === `lock:deployment:${d.name}`),
    }));
  });

  app.get('/deployments/:name', async (req) => {
    requirePermission(deps, req, 'read');
    const deployment = await deploymentOrFail(deps.store, (req.params as { name: string }).name);
    return { manifest: deployment.manifestText };
  });

  /** `DELETE /deployments/:name?force=&keep_snapshots=`: a `delete_deployment` task (only `true` sets a flag). */
  app.delete('/deployments/:name', async (req, reply) => {
    requirePermission(deps, req, 'admin');
    const name = (req.params as { name: string }).name;
    await deploymentOrFail(deps.store, name);
    const q = req.query as { force?: string; keep_snapshots?: string };
    await enqueue(deps, req, reply, {
      type: 'delete_deployment',
      description: `delete deployment ${name}`,
      deploymentName: name,
      payload: { name, force: q.force === 'true', keepSnapshots: q.keep_snapshots === 'true' },
    });
    return reply;
  });

  /** `GET /resources/:id`: a blob the director made for the CLI (log bundles, exported releases). */
  app.get('/resources/:id', async (req, reply) => {
    requirePermission(deps, req, 'read');
    const id = (req.params as { id: string }).id;
    if (!(await deps.blobstore.exists(id)))
      throw new BoshError('ResourceNotFound', `Resource '${id}' not found`);
    const dir = await mkdtemp(join(deps.tmpDir, 'resource-'));
    const file = join(dir, 'blob');
    await deps.blobstore.get(id, file);
    const stream = createReadStream(file);
    stream.on('close', () => {
      void rm(dir, { recursive: true, force: true });
    });
    return reply.type('application/x-gzip').send(stream);
  });
}
