import type { FastifyInstance } from 'fastify';
import type { OrphanDiskRecord } from '../../ports/director-store.js';
import type { ApiDeps } from './api-deps.js';
import { requirePermission } from './app.js';
import { rubyTime } from './ruby-time.js';

/** `OrphanDiskManager#list_orphan_disks`: one orphaned disk as `GET /disks` lists it. */
export function orphanDiskHash(d: OrphanDiskRecord): Record<string, unknown> {
  return {
    disk_cid: d.diskCid,
    size: d.size,
    az: d.availabilityZone,
    deployment_name: d.deploymentName,
    instance_name: d.instanceName,
    cloud_properties: d.cloudProperties ?? {},
    orphaned_at: rubyTime(d.orphanedAt),
  };
}

/** BOSH's `DisksController`: `GET /disks` lists the orphaned disks (admins only, its default scope). */
export function diskRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/disks', async (req) => {
    requirePermission(deps, req, 'admin');
    // In row order, as BOSH's `OrphanDisk.all` gives them (`bosh disks` sorts by orphaned time itself).
    const disks = [...(await deps.store.disks.orphaned())].sort((a, b) => a.id - b.id);
    return disks.map(orphanDiskHash);
  });
}
