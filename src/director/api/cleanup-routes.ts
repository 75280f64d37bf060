import type { FastifyInstance } from 'fastify';
import { cleanableArtifacts, type CleanupOptions } from '../jobs/cleanup/cleanable-artifacts.js';
import { cleanupDescription, decodeCleanupOptions } from '../jobs/cleanup/cleanup-artifacts.js';
import type { ApiDeps } from './api-deps.js';
import { enqueue, requirePermission } from './app.js';
import { orphanDiskHash } from './disk-routes.js';
import { orphanedVmList } from './orphaned-vm-routes.js';
import { stemcellHash } from './stemcell-routes.js';

type Query = Record<string, string | undefined>;

/**
 * BOSH's `CleanupController` (admins only): `POST /cleanup` with `{"config": {"remove_all": bool,
 * "keep_orphaned_disks": bool}}` queues the `delete_artifacts` task; `GET /cleanup/dryrun?remove_all=true` lists
 * what it would delete now (`CleanupArtifactManager#show_all`).
 */
export function cleanupRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post('/cleanup', async (req, reply) => {
    requirePermission(deps, req, 'admin');
    const config = (req.body as { config?: unknown } | null | undefined)?.config ?? {};
    await enqueue(deps, req, reply, {
      type: 'delete_artifacts',
      description: cleanupDescription(decodeCleanupOptions(config)),
      deploymentName: null,
      payload: config,
    });
    return reply;
  });

  app.get('/cleanup/dryrun', async (req) => {
    requirePermission(deps, req, 'admin');
    const q = req.query as Query;
    const o: CleanupOptions = {
      removeAll: q.remove_all === 'true',
      keepOrphanedDisks: q.keep_orphaned_disks === 'true',
    };
    const cleanable = cleanableArtifacts(deps.store, o);
    const stemcells = await cleanable.stemcells();
    return {
      releases: await cleanable.releases(),
      stemcells: stemcells.map((s) => stemcellHash(s, s.deployments)),
      compiled_packages: (await cleanable.compiledPackages()).map((c) => ({
        package_name: c.packageName,
        stemcell_os: c.stemcellOs,
        stemcell_version: c.stemcellVersion,
      })),
      orphaned_disks: (await cleanable.orphanDisks()).map(orphanDiskHash),
      orphaned_vms: await orphanedVmList(deps.store, await cleanable.orphanedVms()),
      exported_releases: [],
      dns_blobs: [],
    };
  });
}
