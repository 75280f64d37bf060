/**
 * create_vm's and the apply spec's network settings of an instance (`ManualNetwork#network_settings`,
 * `DynamicNetwork#network_settings`, `VipNetwork#network_settings`): a manual network gets the reserved IP with its
 * subnet's netmask, gateway and DNS; a dynamic one only its DNS and cloud properties (the IaaS picks the address); a
 * VIP network its static IP.
 */
import { BoshError } from '../../core/errors.js';
import type { CloudConfig, InstanceGroup, ManualSubnet } from '../../core/manifest/types.js';
import { formatAddress, ipIncludes, parseIp } from '../../core/network/ip.js';
import type { PlannedIp } from '../../core/planner/index.js';
import { plain } from './apply-spec.js';

type Settings = Record<string, Record<string, unknown>>;

/** `255.255.255.0` for a /24 (IPv4), the prefix length for IPv6 as BOSH prints it. */
export function netmaskOf(range: string): string {
  const cidr = parseIp(range);
  if (cidr.family === 6) return String(cidr.prefix);
  const mask = cidr.prefix === 0 ? 0n : ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - cidr.prefix)) - 1n);
  return formatAddress(mask, 4);
}

const subnetOf = (subnets: readonly ManualSubnet[], ip: string): ManualSubnet | undefined => {
  const address = parseIp(ip);
  return subnets.find((s) => ipIncludes(parseIp(s.range), address));
};

/**
 * The settings of each of the group's networks. With one network it is the default for DNS and gateway; with
 * several, the one the manifest names `default` (the manifest validation made sure one does).
 */
export function networkSettings(
  group: Pick<InstanceGroup, 'name' | 'networks'>,
  cloud: CloudConfig,
  ips: readonly PlannedIp[] = [],
): Settings {
  const out: Settings = {};
  for (const gn of group.networks) {
    const net = cloud.networks.find((n) => n.name === gn.name);
    // The manifest and cloud config parsers refuse a group or compilation naming a network the cloud lacks.
    if (net === undefined) throw new Error(`unreachable: unknown network '${gn.name}'`);
    const defaults = gn.default.length > 0 || group.networks.length > 1 ? gn.default : ['dns', 'gateway'];
    const defaultEntry = defaults.length > 0 ? { default: [...defaults].sort() } : {};
    const ip = ips.find((x) => x.network === gn.name)?.ip;
    if (net.type === 'dynamic') {
      const subnet = net.subnets[0];
      out[gn.name] = {
        type: 'dynamic',
        ...defaultEntry,
        ...(subnet?.dns ? { dns: [...subnet.dns] } : {}),
        cloud_properties: subnet ? plain(subnet.cloudProperties) : {},
      };
      continue;
    }
    if (ip === undefined)
      throw new BoshError('DirectorError', `No IP is reserved for '${group.name}' on network '${gn.name}'`);
    if (net.type === 'vip') {
      out[gn.name] = { type: 'vip', ip, cloud_properties: plain(net.cloudProperties) };
      continue;
    }
    const subnet = subnetOf(net.subnets, ip);
    if (subnet === undefined)
      throw new BoshError('DirectorError', `IP '${ip}' is in no subnet of network '${gn.name}'`);
    out[gn.name] = {
      type: 'manual',
      ip,
      netmask: netmaskOf(subnet.range),
      cloud_properties: plain(subnet.cloudProperties),
      ...defaultEntry,
      ...(subnet.dns ? { dns: [...subnet.dns] } : {}),
      ...(subnet.gateway !== null ? { gateway: subnet.gateway } : {}),
    };
  }
  return out;
}
