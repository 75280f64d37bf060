/**
 * Manual-network IP reservation as BOSH's IpProvider/IpRepo does it, pure: the current reservations (BOSH's
 * `ip_addresses` table, all networks and deployments) come in, the new reservation list goes out.
 */
import { BoshError } from '../errors.js';
import {
  compareIp,
  formatCidr,
  ipCount,
  ipFirst,
  ipIncludes,
  ipLast,
  ipOverlaps,
  parseIp,
  withPrefix,
  type IpCidr,
} from './ip.js';
import { ipInList, type ManualSubnet } from './subnet.js';

export interface IpOwner {
  /** Identity of the instance (e.g. its uuid); equal ids mean the same instance. */
  readonly id: string;
  /** `Models::Instance#name`: `group/uuid`. */
  readonly name: string;
  readonly deployment: string;
}

export interface IpReservation {
  /** Always with its prefix, as stored (`10.0.0.5/32`). */
  readonly ip: IpCidr;
  readonly network: string;
  readonly static: boolean;
  /** null: the row belongs to an orphaned instance. */
  readonly owner: IpOwner | null;
}

export interface ManualNetwork {
  readonly name: string;
  readonly subnets: readonly ManualSubnet[];
}

export interface ReservationRequest {
  readonly owner: IpOwner;
  /** `Models::Instance#to_s`: `group/uuid (index)`, as BOSH's messages print the instance. */
  readonly label: string;
  /** The instance's AZ; dynamic IPs come only from subnets in that AZ. */
  readonly az?: string | undefined;
  /** A static IP asked for in the manifest; absent for a dynamic IP. */
  readonly ip?: string | undefined;
}

export interface ReservationResult {
  readonly reservation: IpReservation;
  readonly reservations: readonly IpReservation[];
  readonly type: 'static' | 'dynamic';
}

const networkPrefix = (network: ManualNetwork): number => network.subnets[0]?.prefix ?? 32;

/** `find_next_available_ip`: the first prefix-sized block from the range start that nothing blocks. */
function nextFree(blocked: readonly IpCidr[], subnet: ManualSubnet): IpCidr {
  const start = ipFirst(subnet.range);
  let pending = [...blocked].sort(compareIp).filter((b) => b.base >= start - 1n);
  let current = start;
  for (;;) {
    const candidate = withPrefix(
      { family: subnet.range.family, base: current, prefix: subnet.prefix },
      subnet.prefix,
    );
    pending = pending.filter((b) => ipLast(b) >= candidate.base);
    const blocking = pending[0];
    if (!blocking || !ipOverlaps(blocking, candidate)) return candidate;
    current =
      ipCount(blocking) > ipCount(candidate)
        ? blocking.base + ipCount(blocking)
        : current + ipCount(candidate);
  }
}

/** `allocate_dynamic_ip` on one subnet, or undefined when the subnet is exhausted. */
export function allocateDynamicIp(
  subnet: ManualSubnet,
  current: readonly IpReservation[],
): IpCidr | undefined {
  const family = subnet.range.family;
  const all = [...current.map((r) => r.ip), ...subnet.restrictedIps, ...subnet.staticIps].filter(
    (ip) => ip.family === family,
  );
  const blocked = all.filter((ip) => !all.some((o) => ipIncludes(o, ip) && o.prefix < ip.prefix));
  const found = nextFree(blocked, subnet);
  return ipIncludes(subnet.range, found) ? found : undefined;
}

function subnetsForAz(network: ManualNetwork, az: string | undefined): readonly ManualSubnet[] {
  if (az === undefined) return network.subnets;
  return network.subnets.filter((s) => (s.azNames ?? []).includes(az));
}

/** `IpRepo#add` on a known address: claim it, or refuse when another instance holds it. */
function claim(
  network: ManualNetwork,
  request: ReservationRequest,
  ip: IpCidr,
  isStatic: boolean,
  current: readonly IpReservation[],
): readonly IpReservation[] {
  const key = formatCidr(ip);
  const held = current.find((r) => formatCidr(r.ip) === key);
  const mine: IpReservation = { ip, network: network.name, static: isStatic, owner: request.owner };
  if (!held) return [...current, mine];
  const prefix = `Failed to reserve IP '${key}' for instance '${request.label}': `;
  if (held.owner === null)
    throw new BoshError('NetworkReservationAlreadyInUse', `${prefix}already reserved by orphaned instance`);
  if (held.owner.id !== request.owner.id)
    throw new BoshError(
      'NetworkReservationAlreadyInUse',
      `${prefix}already reserved by instance '${held.owner.name}' from deployment '${held.owner.deployment}'`,
    );
  return current.map((r) => (r === held ? mine : r));
}

/** Reserves one IP on a manual network for an instance (`IpProvider#reserve` for a ManualNetwork). */
export function reserveManualIp(
  network: ManualNetwork,
  request: ReservationRequest,
  current: readonly IpReservation[],
): ReservationResult {
  if (request.ip === undefined) {
    for (const subnet of subnetsForAz(network, request.az)) {
      const ip = allocateDynamicIp(subnet, current);
      if (!ip) continue;
      const reservation: IpReservation = { ip, network: network.name, static: false, owner: request.owner };
      return { reservation, reservations: [...current, reservation], type: 'dynamic' };
    }
    throw new BoshError(
      'NetworkReservationNotEnoughCapacity',
      `Failed to reserve IP for '${request.label}' for manual network '${network.name}': no more available`,
    );
  }
  const ip = withPrefix(parseIp(request.ip), networkPrefix(network));
  const subnet = network.subnets.find((s) => ipIncludes(s.range, ip));
  if (!subnet)
    throw new BoshError(
      'NetworkReservationIpOutsideSubnet',
      `Provided static IP '${formatCidr(ip)}' does not belong to any subnet in network '${network.name}'`,
    );
  if (ipInList(ip, subnet.restrictedIps))
    throw new BoshError(
      'NetworkReservationIpReserved',
      `Failed to reserve IP '${formatCidr(ip)}' for network '${network.name}': IP belongs to reserved range`,
    );
  const isStatic = network.subnets.some((s) => ipInList(ip, s.staticIps));
  const reservations = claim(network, request, ip, isStatic, current);
  if (!isStatic)
    throw new BoshError(
      'NetworkReservationWrongType',
      `IP '${formatCidr(ip)}' on network '${network.name}' does not belong to static pool`,
    );
  const reservation = reservations.find((r) => formatCidr(r.ip) === formatCidr(ip)) ?? reservations[0];
  if (!reservation) throw new Error('unreachable');
  return { reservation, reservations, type: 'static' };
}
