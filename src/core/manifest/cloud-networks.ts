import type { YamlValue } from '../../base/yaml/value.js';
import { contains, formatIp, parseCidr, parseIpList, overlaps, type IpBlock } from './ip.js';
import type { Problems } from './problems.js';
import { array, get, hash, hasKey, prop, str } from './safe-property.js';
import type { DynamicSubnet, ManualSubnet, Network } from './types.js';
import { rubyToS } from '../../base/ruby-inspect.js';

const EMPTY = new Map<never, never>();

/** `Subnet.parse_availability_zones`: `az` or `azs`, each known to the cloud config. */
function parseSubnetAzs(
  p: Problems,
  spec: YamlValue,
  network: string,
  azs: readonly string[],
): string[] | null {
  const check = (az: YamlValue | undefined): void => {
    if (az === undefined || az === null || azs.includes(rubyToS(az))) return;
    p.add(
      'NetworkSubnetUnknownAvailabilityZone',
      `Network '${network}' refers to an unknown availability zone '${rubyToS(az)}'`,
    );
  };
  if (hasKey(spec, 'azs') && hasKey(spec, 'az')) {
    p.add('NetworkInvalidProperty', `Network '${network}' contains both 'az' and 'azs'. Choose one.`);
    return null;
  }
  if (hasKey(spec, 'azs')) {
    const zones = array(p, spec, 'azs', { optional: true });
    if (zones === undefined) return null;
    if (zones.length === 0)
      p.add('NetworkInvalidProperty', `Network '${network}' refers to an empty 'azs' array`);
    zones.forEach(check);
    return zones.map(rubyToS);
  }
  const az = str(p, spec, 'az', { optional: true });
  check(az);
  return az === undefined ? null : [az];
}

/** `NameServersParser`: `dns` is a list of single IPs. */
function parseDns(p: Problems, spec: YamlValue, network: string): string[] | null {
  const dns = array(p, spec, 'dns', { optional: true });
  if (dns === undefined) return null;
  for (const entry of dns) {
    const block = parseCidr(rubyToS(entry));
    if (block?.prefix !== 32)
      p.add('NetworkInvalidDns', `Invalid DNS for network '${network}': must be a single IP`);
  }
  return dns.map(rubyToS);
}

function ipBlocks(p: Problems, value: YamlValue | undefined): IpBlock[] {
  const parsed = parseIpList(value ?? null);
  if ('error' in parsed) {
    p.add('NetworkInvalidIpRangeFormat', parsed.error);
    return [];
  }
  return parsed.blocks;
}

const blockText = (b: IpBlock): string =>
  b.prefix === 32 ? formatIp(b.first) : `${formatIp(b.first)}/${b.prefix}`;

/** A reserved entry as it can be read back: a single IP, a CIDR, or an `a - b` range (kept whole). */
const reservedText = (b: IpBlock): string =>
  b.prefix === 32 && b.last !== b.first ? `${formatIp(b.first)} - ${formatIp(b.last)}` : blockText(b);

function parseManualSubnet(p: Problems, network: string, spec: YamlValue, azs: readonly string[]) {
  const name = prop(p, spec, 'name', undefined, { optional: true });
  const rangeText = str(p, spec, 'range');
  const gatewayText = str(p, spec, 'gateway');
  const range = rangeText === undefined ? undefined : parseCidr(rangeText);
  if (rangeText !== undefined && range === undefined) {
    p.add('NetworkInvalidIpRangeFormat', `Invalid IP or CIDR format: ${rangeText}`);
  }
  const reserved: IpBlock[] = [];
  const staticIps: number[] = [];
  if (range !== undefined && rangeText !== undefined) {
    if (range.last - range.first < 1) {
      p.add('NetworkInvalidRange', `Invalid network range '${rangeText}', should include at least 2 IPs`);
    }
    const gateway = gatewayText === undefined ? undefined : parseCidr(gatewayText);
    const badGateway = (why: string): void => {
      p.add('NetworkInvalidGateway', `Invalid gateway for network '${network}': ${why}`);
    };
    if (gatewayText !== undefined && gateway === undefined) {
      p.add('NetworkInvalidIpRangeFormat', `Invalid IP or CIDR format: ${gatewayText}`);
    } else if (gateway !== undefined) {
      if (gateway.prefix !== 32) badGateway('must be a single IP');
      else if (!contains(range, gateway.first)) badGateway('must be inside the range');
      else if (gateway.first === range.first) badGateway("can't be the network id");
      else if (gateway.first === range.last) badGateway("can't be the broadcast IP");
      reserved.push(gateway);
    }
    reserved.push(
      { first: range.first, last: range.first, prefix: 32 },
      { first: range.last, last: range.last, prefix: 32 },
    );
    for (const block of ipBlocks(p, get(spec, 'reserved'))) {
      if (!contains(range, block.first) || !contains(range, block.last)) {
        p.add(
          'NetworkReservedIpOutOfRange',
          `Reserved IP '${blockText(block)}' is out of network '${network}' range`,
        );
      } else reserved.push(block);
    }
    for (const block of ipBlocks(p, get(spec, 'static'))) {
      if (reserved.some((r) => overlaps(r, block))) {
        p.add(
          'NetworkStaticIpOutOfRange',
          `Static IP '${blockText(block)}' is in network '${network}' reserved range`,
        );
      } else if (!contains(range, block.first) || !contains(range, block.last)) {
        p.add(
          'NetworkStaticIpOutOfRange',
          `Static IP '${blockText(block)}' is out of network '${network}' range`,
        );
      } else for (let ip = block.first; ip <= block.last; ip++) staticIps.push(ip);
    }
  }
  const subnet: ManualSubnet = {
    name: name === undefined || name === null ? null : rubyToS(name),
    range: rangeText ?? '',
    gateway: gatewayText ?? null,
    dns: parseDns(p, spec, network),
    reserved: reserved.map(reservedText),
    static: staticIps.map(formatIp),
    azs: parseSubnetAzs(p, spec, network, azs),
    cloudProperties: hash(p, spec, 'cloud_properties', { optional: true }) ?? EMPTY,
  };
  return { subnet, range };
}

function parseManual(p: Problems, spec: YamlValue, name: string, azs: readonly string[]): Network {
  const subnets: ManualSubnet[] = [];
  const ranges: IpBlock[] = [];
  let overlapping = false;
  for (const s of array(p, spec, 'subnets') ?? []) {
    const { subnet, range } = parseManualSubnet(p, name, s, azs);
    if (range !== undefined && ranges.some((r) => overlaps(r, range)) && !overlapping) {
      p.add('NetworkOverlappingSubnets', `Network '${name}' has overlapping subnets`);
      overlapping = true;
    }
    if (range !== undefined) ranges.push(range);
    subnets.push(subnet);
  }
  const withAzs = subnets.filter((s) => (s.azs ?? []).length > 0).length;
  if (withAzs > 0 && withAzs < subnets.length) {
    p.add(
      'JobInvalidAvailabilityZone',
      `Subnets on network '${name}' must all either specify availability zone or not`,
    );
  }
  return { type: 'manual', name, subnets };
}

function parseDynamic(p: Problems, spec: YamlValue, name: string, azs: readonly string[]): Network {
  for (const key of ['az', 'azs', 'managed', 'prefix']) {
    if (hasKey(spec, key)) p.add('NetworkInvalidProperty', `Network '${name}' must not specify '${key}'.`);
  }
  if (!hasKey(spec, 'subnets')) {
    const subnet: DynamicSubnet = {
      azs: null,
      dns: parseDns(p, spec, name),
      cloudProperties: hash(p, spec, 'cloud_properties', { optional: true }) ?? EMPTY,
    };
    return { type: 'dynamic', name, subnets: [subnet] };
  }
  for (const key of ['dns', 'cloud_properties']) {
    if (hasKey(spec, key)) {
      p.add(
        'NetworkInvalidProperty',
        `Network '${name}' must not specify '${key}' when also specifying 'subnets'. ` +
          `Instead, '${key}' should be specified on subnet entries.`,
      );
    }
  }
  const subnets = (array(p, spec, 'subnets') ?? []).map((s): DynamicSubnet => ({
    azs: parseSubnetAzs(p, s, name, azs),
    dns: parseDns(p, s, name),
    cloudProperties: hash(p, s, 'cloud_properties', { optional: true }) ?? EMPTY,
  }));
  return { type: 'dynamic', name, subnets };
}

/** `CloudManifestParser#parse_networks`. */
export function parseNetworks(p: Problems, cloud: YamlValue, azs: readonly string[]): Network[] {
  const specs = array(p, cloud, 'networks');
  if (specs === undefined) return [];
  if (specs.length === 0) p.add('DeploymentNoNetworks', 'No networks specified');
  const networks: Network[] = [];
  for (const spec of specs) {
    const type = str(p, spec, 'type', { optional: true }) ?? 'manual';
    const name = str(p, spec, 'name');
    if (name === undefined) continue;
    if (type === 'manual') networks.push(parseManual(p, spec, name, azs));
    else if (type === 'dynamic') networks.push(parseDynamic(p, spec, name, azs));
    else if (type === 'vip') {
      networks.push({
        type: 'vip',
        name,
        cloudProperties: hash(p, spec, 'cloud_properties', { optional: true }) ?? EMPTY,
      });
    } else p.add('DeploymentInvalidNetworkType', `Invalid network type '${type}'`);
  }
  const canonical = networks.map((n) => canonicalize(n.name));
  const dup = canonical.findIndex((c, i) => canonical.indexOf(c) !== i);
  const dupNet = networks[dup];
  if (dupNet !== undefined) {
    p.add(
      'DeploymentCanonicalNetworkNameTaken',
      `Invalid network name '${dupNet.name}', canonical name already taken`,
    );
  }
  return networks;
}

/** `Canonicalizer.canonicalize`: lower case, `_` → `-`, other characters dropped. */
export function canonicalize(name: string): string {
  return name
    .toLowerCase()
    .replace(/_/g, '-')
    .replace(/[^a-z0-9-]/g, '');
}

/** The AZs a network's subnets name (empty when none does). */
function networkAzs(network: Network): string[] {
  if (network.type === 'vip') return [];
  return [...new Set(network.subnets.flatMap((s) => s.azs ?? []))];
}

/** `NetworkWithSubnets#has_azs?` (VIP networks accept any). */
export function networkHasAzs(network: Network, azNames: readonly string[] | null): boolean {
  if (network.type === 'vip') return true;
  const available = networkAzs(network);
  const wanted = azNames ?? [];
  if (wanted.length === 0 && available.length === 0) return true;
  return wanted.every((az) => available.includes(az));
}
