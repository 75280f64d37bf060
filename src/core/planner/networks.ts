/**
 * IP planning for one instance group (BOSH's NetworkPlanner + IpProvider, simplified): an existing instance keeps
 * its address when it is still valid for the network, its AZ and its static/dynamic kind; static addresses come
 * from the group's `static_ips` in order, dynamic ones from src/core/network. Dynamic networks get no address.
 */
import { BoshError } from '../errors.js';
import type { InstanceGroup, Network } from '../manifest/types.js';
import {
  reserveManualIp,
  type IpOwner,
  type IpReservation,
  type ManualNetwork,
} from '../network/allocate.js';
import { formatShort, ipIncludes, parseIp } from '../network/ip.js';
import { ipInList, parseManualSubnet } from '../network/subnet.js';
import type { CurrentIp, PlannedIp } from './types.js';

export interface IpSubject {
  readonly uuid: string;
  readonly index: number;
  readonly az: string | null;
  readonly ignore: boolean;
  /** Current addresses; empty for new instances. */
  readonly ips: readonly CurrentIp[];
}

const normalize = (ip: string): string => formatShort(parseIp(ip));

export function toManualNetwork(network: Network): ManualNetwork | undefined {
  if (network.type !== 'manual') return undefined;
  const subnets = network.subnets.map((s) =>
    parseManualSubnet(network.name, {
      range: s.range,
      ...(s.gateway !== null ? { gateway: s.gateway } : {}),
      reserved: s.reserved,
      static: s.static,
      ...(s.azs !== null ? { azs: s.azs } : {}),
    }),
  );
  return { name: network.name, subnets };
}

/** The network called `name` as a manual network; undefined when there is none or it is not manual. */
export function manualNetworkNamed(networks: readonly Network[], name: string): ManualNetwork | undefined {
  const network = networks.find((n) => n.name === name);
  return network === undefined ? undefined : toManualNetwork(network);
}

/** Who a dynamic address is reserved for outside the planner (compilation VMs, create-swap-delete VMs). */
export interface DynamicIpRequest {
  readonly owner: IpOwner;
  /** How BOSH's messages name the holder (`group/uuid (index)`, `compilation-0`). */
  readonly label: string;
  /** Dynamic addresses come only from subnets of this AZ; null: any subnet. */
  readonly az: string | null;
}

/** A free dynamic address of the manual network, and the reservations with it added. */
export function reserveDynamicIp(
  network: ManualNetwork,
  request: DynamicIpRequest,
  current: readonly IpReservation[],
): { ip: PlannedIp; reservations: readonly IpReservation[] } {
  const { owner, label, az } = request;
  const result = reserveManualIp(network, { owner, label, ...(az === null ? {} : { az }) }, current);
  const ip: PlannedIp = { network: network.name, ip: formatShort(result.reservation.ip), type: 'dynamic' };
  return { ip, reservations: result.reservations };
}

interface Ctx {
  readonly deployment: string;
  readonly group: InstanceGroup;
  reservations: IpReservation[];
}

const label = (ctx: Ctx, s: IpSubject): string => `${ctx.group.name}/${s.uuid} (${s.index})`;

function validDynamic(net: ManualNetwork, s: IpSubject, ip: string): boolean {
  const parsed = parseIp(ip);
  return net.subnets.some(
    (sub) =>
      ipIncludes(sub.range, parsed) &&
      (s.az === null || sub.azNames === undefined || sub.azNames.includes(s.az)) &&
      !ipInList(parsed, sub.staticIps) &&
      !ipInList(parsed, sub.restrictedIps),
  );
}

function reserve(ctx: Ctx, net: ManualNetwork, s: IpSubject, ip: string | undefined): string {
  const owner = { id: s.uuid, name: `${ctx.group.name}/${s.uuid}`, deployment: ctx.deployment };
  const request = { owner, label: label(ctx, s), ...(s.az !== null ? { az: s.az } : {}) };
  const result = reserveManualIp(net, ip === undefined ? request : { ...request, ip }, ctx.reservations);
  ctx.reservations = [...result.reservations];
  return formatShort(result.reservation.ip);
}

function staticFits(net: ManualNetwork | undefined, s: IpSubject, ip: string): boolean {
  if (!net || s.az === null) return true;
  const parsed = parseIp(ip);
  return net.subnets.some(
    (sub) => ipIncludes(sub.range, parsed) && (sub.azNames ?? [s.az]).includes(s.az ?? ''),
  );
}

/** The desired addresses of each subject (by uuid), updating `reservations` in place of BOSH's IP table. */
export function planGroupIps(
  deployment: string,
  group: InstanceGroup,
  networks: readonly Network[],
  subjects: readonly IpSubject[],
  reservations: readonly IpReservation[],
): { ips: Map<string, PlannedIp[]>; reservations: IpReservation[] } {
  const ctx: Ctx = { deployment, group, reservations: [...reservations] };
  const ips = new Map<string, PlannedIp[]>(subjects.map((s) => [s.uuid, []]));
  const add = (s: IpSubject, ip: PlannedIp): void => void ips.get(s.uuid)?.push(ip);
  for (const gn of group.networks) {
    const network = networks.find((n) => n.name === gn.name);
    if (!network || network.type === 'dynamic') continue;
    const manual = toManualNetwork(network);
    const currentOf = (s: IpSubject): string | undefined => {
      const found = s.ips.find((c) => c.network === gn.name);
      return found === undefined ? undefined : normalize(found.ip);
    };
    if (gn.staticIps !== null) {
      const pool = gn.staticIps.map(normalize);
      const taken = new Set<string>();
      const waiting: IpSubject[] = [];
      for (const s of subjects) {
        const ip = currentOf(s);
        if (ip !== undefined && (s.ignore || (pool.includes(ip) && !taken.has(ip)))) taken.add(ip);
        else waiting.push(s);
      }
      for (const s of subjects) {
        const ip = currentOf(s);
        if (waiting.includes(s) || ip === undefined) continue;
        add(s, {
          network: gn.name,
          ip: manual && !s.ignore ? reserve(ctx, manual, s, ip) : ip,
          type: 'static',
        });
      }
      for (const s of waiting) {
        const ip = pool.find((p) => !taken.has(p) && staticFits(manual, s, p));
        if (ip === undefined)
          throw new BoshError(
            'NetworkReservationNotEnoughCapacity',
            `Failed to reserve IP for '${label(ctx, s)}' for network '${gn.name}': no more static IPs available`,
          );
        taken.add(ip);
        add(s, { network: gn.name, ip: manual ? reserve(ctx, manual, s, ip) : ip, type: 'static' });
      }
      continue;
    }
    if (!manual) continue;
    for (const s of subjects) {
      const ip = currentOf(s);
      if (ip !== undefined && (s.ignore || validDynamic(manual, s, ip))) {
        add(s, { network: gn.name, ip, type: 'dynamic' });
      } else add(s, { network: gn.name, ip: reserve(ctx, manual, s, undefined), type: 'dynamic' });
    }
  }
  return { ips, reservations: ctx.reservations };
}
