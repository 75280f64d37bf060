/**
 * A manual network's subnets as BOSH parses them (`ManualNetworkSubnet.parse`, `ManualNetwork.parse`):
 * restricted IPs (gateway, network address, broadcast, `reserved`, director IPs), static IPs split into
 * prefix-sized addresses, the reservation prefix, AZs; with BOSH's validation messages.
 */
import { BoshError } from '../errors.js';
import {
  familyBits,
  formatCidr,
  ipCount,
  ipFromInt,
  ipIncludes,
  ipEquals,
  ipFirst,
  ipLast,
  ipOverlaps,
  parseIp,
  type IpCidr,
} from './ip.js';
import { eachIp, type IpRangeInput } from './ranges.js';

export interface ManualSubnetSpec {
  readonly name?: string;
  readonly range: string;
  readonly gateway?: string;
  readonly reserved?: IpRangeInput;
  readonly static?: IpRangeInput;
  readonly prefix?: number | string;
  readonly az?: string;
  readonly azs?: readonly string[];
}

export interface ManualSubnet {
  readonly networkName: string;
  readonly name: string | undefined;
  readonly range: IpCidr;
  readonly gateway: IpCidr | undefined;
  readonly restrictedIps: readonly IpCidr[];
  /** Single addresses (one per prefix-sized block) that only static reservations may take. */
  readonly staticIps: readonly IpCidr[];
  /** Prefix of each reservation on this subnet (32 / 128 unless `prefix:` is set). */
  readonly prefix: number;
  readonly azNames: readonly string[] | undefined;
}

export interface SubnetParseOptions {
  /** Names of the cloud config's AZs; unknown subnet AZs are refused. */
  readonly knownAzs?: readonly string[];
  /** Director `director_ips` (always restricted, same family only). */
  readonly directorIps?: readonly string[];
}

const err = (kind: ConstructorParameters<typeof BoshError>[0], message: string): BoshError =>
  new BoshError(kind, message);

export const ipInList = (ip: IpCidr, list: readonly IpCidr[]): boolean => list.some((b) => ipIncludes(b, ip));

/** Drops blocks already covered by a larger block of the set. */
function dropCovered(ips: readonly IpCidr[]): IpCidr[] {
  const unique = ips.filter((ip, i) => ips.findIndex((o) => ipEquals(o, ip)) === i);
  return unique.filter((ip) => !unique.some((o) => ipIncludes(o, ip) && o.prefix < ip.prefix));
}

function parseAzs(spec: ManualSubnetSpec, network: string, known: readonly string[] | undefined) {
  const check = (az: string): void => {
    if (known && !known.includes(az))
      throw err(
        'NetworkSubnetUnknownAvailabilityZone',
        `Network '${network}' refers to an unknown availability zone '${az}'`,
      );
  };
  if (spec.azs !== undefined && spec.az !== undefined)
    throw err('NetworkInvalidProperty', `Network '${network}' contains both 'az' and 'azs'. Choose one.`);
  if (spec.azs !== undefined) {
    if (spec.azs.length === 0)
      throw err('NetworkInvalidProperty', `Network '${network}' refers to an empty 'azs' array`);
    spec.azs.forEach(check);
    return spec.azs;
  }
  if (spec.az === undefined) return undefined;
  check(spec.az);
  return [spec.az];
}

export function parseManualSubnet(
  network: string,
  spec: ManualSubnetSpec,
  options: SubnetParseOptions = {},
): ManualSubnet {
  const range = parseIp(spec.range);
  if (ipCount(range) <= 1n)
    throw err('NetworkInvalidRange', `Invalid network range '${spec.range}', should include at least 2 IPs`);
  const broadcast = ipFromInt(ipLast(range), range.family);
  let gateway: IpCidr | undefined;
  if (spec.gateway !== undefined) {
    gateway = parseIp(spec.gateway);
    const bad = (why: string): BoshError =>
      err('NetworkInvalidGateway', `Invalid gateway for network '${network}': ${why}`);
    if (ipCount(gateway) !== 1n) throw bad('must be a single IP');
    if (!ipIncludes(range, gateway)) throw bad('must be inside the range');
    if (gateway.base === range.base) throw bad("can't be the network id");
    if (gateway.base === broadcast.base) throw bad("can't be the broadcast IP");
  }
  const restricted: IpCidr[] = [];
  if (gateway) restricted.push(gateway);
  restricted.push(ipFromInt(ipFirst(range), range.family), broadcast);
  for (const ip of eachIp(spec.reserved, false)) {
    if (!ipIncludes(range, ip))
      throw err(
        'NetworkReservedIpOutOfRange',
        `Reserved IP '${formatCidr(ip)}' is out of network '${network}' range`,
      );
    restricted.push(ip);
  }
  for (const ip of eachIp(options.directorIps, true)) if (ip.family === range.family) restricted.push(ip);
  const restrictedIps = dropCovered(restricted);

  const staticCidrs: IpCidr[] = [];
  for (const ip of eachIp(spec.static, false)) {
    if (ipInList(ip, restrictedIps))
      throw err(
        'NetworkStaticIpOutOfRange',
        `Static IP '${formatCidr(ip)}' is in network '${network}' reserved range`,
      );
    if (!ipIncludes(range, ip))
      throw err(
        'NetworkStaticIpOutOfRange',
        `Static IP '${formatCidr(ip)}' is out of network '${network}' range`,
      );
    if (!staticCidrs.some((s) => ipEquals(s, ip))) staticCidrs.push(ip);
  }

  let prefix = familyBits(range.family);
  if (spec.prefix !== undefined) {
    prefix = Number(spec.prefix);
    if (range.prefix > prefix)
      throw err(
        'NetworkPrefixSizeTooBig',
        `Prefix size '${spec.prefix}' is larger than range prefix '${range.prefix}'`,
      );
  }
  return {
    networkName: network,
    name: spec.name,
    range,
    gateway,
    restrictedIps,
    staticIps: staticBases(staticCidrs, prefix),
    prefix,
    azNames: parseAzs(spec, network, options.knownAzs),
  };
}

/** `each_base_addr(prefix)`: the prefix-aligned addresses inside each static block. */
function staticBases(cidrs: readonly IpCidr[], prefix: number): IpCidr[] {
  const out: IpCidr[] = [];
  for (const cidr of cidrs) {
    const step = 1n << BigInt(familyBits(cidr.family) - prefix);
    let base = ipFirst(cidr);
    if (base % step !== 0n) base += step - (base % step);
    for (; base <= ipLast(cidr); base += step) {
      if (!out.some((o) => o.base === base && o.family === cidr.family))
        out.push(ipFromInt(base, cidr.family));
    }
  }
  return out;
}

/** `ManualNetwork.parse` checks across subnets: overlaps, differing prefixes, mixed AZ usage. */
export function parseManualNetwork(
  name: string,
  specs: readonly ManualSubnetSpec[],
  options: SubnetParseOptions = {},
): ManualSubnet[] {
  const subnets: ManualSubnet[] = [];
  let prefix: number | undefined;
  for (const spec of specs) {
    const subnet = parseManualSubnet(name, spec, options);
    for (const existing of subnets) {
      if (ipOverlaps(existing.range, subnet.range) && existing.range.family === subnet.range.family)
        throw err('NetworkOverlappingSubnets', `Network '${name}' has overlapping subnets`);
      // BOSH compares the first subnet's prefix with the earlier subnets', so a mismatch only shows from the third.
      if (prefix !== existing.prefix)
        throw err('NetworkPrefixSizesDiffer', `Network '${name}' has subnets that define different prefixes`);
    }
    prefix ??= subnet.prefix;
    subnets.push(subnet);
  }
  const withAzs = subnets.filter((s) => (s.azNames ?? []).length > 0).length;
  if (withAzs > 0 && withAzs < subnets.length)
    throw err(
      'JobInvalidAvailabilityZone',
      `Subnets on network '${name}' must all either specify availability zone or not`,
    );
  return subnets;
}
