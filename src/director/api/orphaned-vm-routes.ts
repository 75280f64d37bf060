import type { FastifyInstance } from 'fastify';
import { formatShort, parseIp } from '../../core/network/ip.js';
import type { DirectorStore, OrphanedVmRecord } from '../../ports/director-store.js';
import type { ApiDeps } from './api-deps.js';
import { requirePermission } from './app.js';
import { rubyTime } from './ruby-time.js';

/**
 * BOSH's `OrphanedVmsController`: `GET /orphaned_vms` lists the VMs create-swap-delete took out of service
 * (`OrphanedVm.list_all`), each with the addresses it still holds.
 */
export function orphanedVmRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/orphaned_vms', async (req) => {
    requirePermission(deps, req, 'admin');
    return orphanedVmList(deps.store, await deps.store.vms.orphaned());
  });
}

/** `OrphanedVm.list_all`'s hashes of `vms` (also `GET /cleanup/dryrun`'s), in row order. */
export async function orphanedVmList(
  store: Pick<DirectorStore, 'ips'>,
  vms: readonly OrphanedVmRecord[],
): Promise<Array<Record<string, unknown>>> {
  const ips = await store.ips.list({});
  return [...vms]
    .sort((a, b) => a.id - b.id)
    .map((vm) => ({
      az: vm.availabilityZone,
      cid: vm.cid,
      deployment_name: vm.deploymentName,
      instance_name: vm.instanceName,
      ip_addresses: ips
        .filter((ip) => ip.orphanedVmId === vm.id)
        .map((ip) => formatShort(parseIp(ip.address))),
      orphaned_at: rubyTime(vm.orphanedAt),
    }));
}
