/**
 * The `ip_addresses` table as the planner sees it and as a deploy changes it (`IpRepo`, `NetworkPlanner`): the
 * addresses other deployments (and orphaned VMs) hold, each instance's current addresses, the planned ones
 * reserved before any VM is touched, and the ones an instance no longer uses released once the update is done.
 */
import type { IpReservation } from '../../core/network/allocate.js';
import { formatCidr, formatShort, parseIp } from '../../core/network/ip.js';
import type { CurrentIp, InstancePlan, PlannedIp } from '../../core/planner/index.js';
import type { IpAddressRecord, NewIpReservation } from '../../ports/director-deploy-store.js';
import type { DirectorStore } from '../../ports/director-store.js';

/** One stored address as the planner writes it (`10.0.0.5`; a block keeps its prefix). */
export const currentIp = (row: IpAddressRecord): CurrentIp => ({
  network: row.networkName,
  ip: formatShort(parseIp(row.address)),
  static: row.static,
});

/** Every address held outside `deploymentId`, with its holder's name for BOSH's "already reserved by" error. */
export async function foreignReservations(
  store: DirectorStore,
  deploymentId: number,
): Promise<IpReservation[]> {
  return (await store.ips.listWithOwners())
    .filter(({ owner }) => owner?.deploymentId !== deploymentId)
    .map(({ ip, owner }) => ({
      ip: parseIp(ip.address),
      network: ip.networkName,
      static: ip.static,
      owner:
        owner === null
          ? null
          : {
              id: owner.instanceUuid,
              name: `${owner.job}/${owner.instanceUuid}`,
              deployment: owner.deploymentName,
            },
    }));
}

/** The stored form of an address: always CIDR (`10.0.0.5/32`), as BOSH stores it; what addresses are compared by. */
export const storedAddress = (ip: string): string => formatCidr(parseIp(ip));

/** The row reserving a planned address for an instance, stamped with the deploy's task and time. */
export const plannedIpRow = (
  ip: PlannedIp,
  instanceId: number,
  meta: { readonly taskId: number; readonly now: number },
): NewIpReservation => ({
  networkName: ip.network,
  address: storedAddress(ip.ip),
  static: ip.type === 'static',
  instanceId,
  createdAt: meta.now,
  taskId: String(meta.taskId),
});

/**
 * Reserves the planned addresses of the instances a deploy keeps (`instanceId` makes a new instance's row first).
 * An address another instance took since the plan fails with BOSH's "already reserved" message.
 */
export async function reservePlannedIps(
  store: DirectorStore,
  plans: readonly InstancePlan[],
  instanceId: (p: InstancePlan) => Promise<number>,
  meta: { readonly taskId: number; readonly now: number },
): Promise<void> {
  for (const p of plans) {
    if (p.ips.length === 0 || p.action === 'ignore' || p.action === 'delete') continue;
    const id = await instanceId(p);
    await store.ips.reserve(p.ips.map((ip) => plannedIpRow(ip, id, meta)));
  }
}

/** After the update: the addresses each updated instance held before and no longer plans are given back. */
export async function releaseUnplannedIps(
  store: DirectorStore,
  plans: readonly InstancePlan[],
  instanceIdOf: (p: InstancePlan) => number | undefined,
): Promise<void> {
  for (const p of plans) {
    if (p.action === 'ignore' || p.action === 'delete') continue;
    const id = instanceIdOf(p);
    if (id === undefined) continue;
    const keep = new Set(p.ips.map((ip) => storedAddress(ip.ip)));
    const stale = (await store.ips.list({ instanceId: id }))
      .map((row) => row.address)
      .filter((a) => !keep.has(storedAddress(a)));
    if (stale.length > 0) await store.ips.release(stale);
  }
}
