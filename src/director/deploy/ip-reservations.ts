/**
 * The `ip_addresses` table as the planner sees it and as a deploy changes it (`IpRepo`, `NetworkPlanner`): the
 * addresses other deployments (and orphaned VMs) hold, each instance's current addresses, the planned ones
 * reserved before any VM is touched, and the ones an instance no longer uses released once the update is done.
 */
import type { IpReservation } from '../../core/network/allocate.js';
import { formatCidr, formatShort, parseIp } from '../../core/network/ip.js';
import type { CurrentIp, InstancePlan } from '../../core/planner/index.js';
import type { IpAddressRecord } from '../../ports/director-deploy-store.js';
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
  const rows = await store.ips.list({});
  if (rows.length === 0) return [];
  const owners = new Map<number, { id: string; name: string; deployment: string } | 'mine'>();
  for (const d of await store.deployments.list()) {
    for (const i of await store.instances.list(d.id)) {
      owners.set(
        i.id,
        d.id === deploymentId ? 'mine' : { id: i.uuid, name: `${i.job}/${i.uuid}`, deployment: d.name },
      );
    }
  }
  const out: IpReservation[] = [];
  for (const row of rows) {
    const owner = row.instanceId === null ? null : owners.get(row.instanceId);
    if (owner === 'mine') continue;
    out.push({
      ip: parseIp(row.address),
      network: row.networkName,
      static: row.static,
      owner: owner ?? null,
    });
  }
  return out;
}

/** The stored form of a planned address: always CIDR (`10.0.0.5/32`), as BOSH stores it. */
const stored = (ip: string): string => formatCidr(parseIp(ip));

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
    await store.ips.reserve(
      p.ips.map((ip) => ({
        networkName: ip.network,
        address: stored(ip.ip),
        static: ip.type === 'static',
        instanceId: id,
        createdAt: meta.now,
        taskId: String(meta.taskId),
      })),
    );
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
    const keep = new Set(p.ips.map((ip) => stored(ip.ip)));
    const stale = (await store.ips.list({ instanceId: id }))
      .map((row) => row.address)
      .filter((a) => !keep.has(stored(a)));
    if (stale.length > 0) await store.ips.release(stale);
  }
}
