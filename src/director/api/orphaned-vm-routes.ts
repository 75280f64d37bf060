import type { FastifyInstance } from 'fastify';
import { formatShort, parseIp } from '../../core/network/ip.js';
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
    const ips = await deps.store.ips.list({});
    const vms = [...(await deps.store.vms.orphaned())].sort((a, b) => a.id - b.id);
    return vms.map((vm) => ({
      az: vm.availabilityZone,
      cid: vm.cid,
      deployment_name: vm.deploymentName,
      instance_name: vm.instanceName,
      ip_addresses: ips
        .filter((ip) => ip.orphanedVmId === vm.id)
        .map((ip) => formatShort(parseIp(ip.address))),
      orphaned_at: rubyTime(vm.orphanedAt),
    }));
  });
}
