import type { FastifyInstance } from 'fastify';
import { BoshError } from '../../core/errors.js';
import type { StemcellRecord } from '../../ports/director-store.js';
import type { ApiDeps } from './api-deps.js';
import { enqueue, requirePermission } from './app.js';
import { uploadSource } from './release-routes.js';
import { scalarText } from './scalar-text.js';

type Query = Record<string, string | undefined>;

/** `StemcellManager#find_all_stemcells`' hash of one stemcell (also `GET /cleanup/dryrun`'s). */
export function stemcellHash(s: StemcellRecord, deployments: readonly string[]): Record<string, unknown> {
  return {
    name: s.name,
    operating_system: s.operatingSystem,
    version: s.version,
    cid: s.cid,
    cpi: s.cpi,
    deployments: deployments.map((name) => ({ name })),
    api_version: s.apiVersion,
    id: s.id,
  };
}

export function stemcellRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const stemcells = deps.store.stemcells;

  app.post('/stemcells', async (req, reply) => {
    requirePermission(deps, req, 'upload_stemcell');
    const q = req.query as Query;
    const source = uploadSource(req);
    const sha1 = 'location' in source ? source.sha1 : q.sha1;
    await enqueue(deps, req, reply, {
      type: 'update_stemcell',
      description: 'create stemcell',
      deploymentName: null,
      payload: { ...source, fix: q.fix === 'true', ...(sha1 ? { sha1 } : {}) },
    });
    return reply;
  });

  app.get('/stemcells', async (req) => {
    requirePermission(deps, req, 'read');
    const all = await stemcells.list();
    return Promise.all(all.map(async (s) => stemcellHash(s, await stemcells.deploymentsUsing(s.id))));
  });

  app.delete('/stemcells/:name/:version', async (req, reply) => {
    requirePermission(deps, req, 'admin');
    const { name, version } = req.params as { name: string; version: string };
    if (!(await stemcells.list()).some((s) => s.name === name && s.version === version)) {
      throw new BoshError(
        'StemcellNotFound',
        `Stemcell '${name}/${version}' and cpi ${deps.cpiName} doesn't exist`,
      );
    }
    await enqueue(deps, req, reply, {
      type: 'delete_stemcell',
      description: `delete stemcell: ${name}/${version}`,
      deploymentName: null,
      payload: { name, version, force: (req.query as Query).force === 'true' },
    });
    return reply;
  });

  app.post('/stemcell_uploads', async (req) => {
    requirePermission(deps, req, 'read');
    const body = req.body as { stemcell?: { name?: unknown; version?: unknown } | null } | undefined;
    const stemcell = body?.stemcell;
    if (stemcell === undefined || stemcell === null)
      throw new BoshError('ValidationMissingField', "Missing 'stemcell' field");
    if (stemcell.name === undefined || stemcell.name === null)
      throw new BoshError('ValidationMissingField', "Missing 'name' field");
    if (stemcell.version === undefined || stemcell.version === null) {
      throw new BoshError('ValidationMissingField', "Missing 'version' field");
    }
    const found = await stemcells.find(scalarText(stemcell.name), scalarText(stemcell.version), deps.cpiName);
    return { needed: found === undefined };
  });
}
