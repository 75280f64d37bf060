import { readFile, rm, writeFile } from 'node:fs/promises';
import type { CpiNetwork } from '../../protocol/cpi.js';
import type { Layout } from './layout.js';
import { cloudError, vmCreationFailed } from './response.js';

/** An IPv4 range: `base` is the network address as a 32-bit number. */
export interface Cidr {
  readonly base: number;
  readonly prefix: number;
}

export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255))
    return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function parseCidr(text: string): Cidr | undefined {
  const [ip, bits, extra] = text.split('/');
  const base = parseIpv4(ip ?? '');
  const prefix = Number(bits);
  if (base === undefined || extra !== undefined || !/^\d{1,2}$/.test(bits ?? '') || prefix > 30)
    return undefined;
  const size = 2 ** (32 - prefix);
  return { base: base - (base % size), prefix };
}

const LOOPBACK: Cidr = { base: 127 * 2 ** 24, prefix: 8 };

/** Whether `ip` (a dotted quad) is in 127.0.0.0/8. */
export function isLoopbackIp(ip: string): boolean {
  const n = parseIpv4(ip);
  return n !== undefined && n >>> 24 === 127;
}

/** Whether any address of `range` is in 127.0.0.0/8. */
export function overlapsLoopback(range: Cidr): boolean {
  const end = (r: Cidr) => r.base + 2 ** (32 - r.prefix) - 1;
  return range.base <= end(LOOPBACK) && LOOPBACK.base <= end(range);
}

/** The prefix length of a netmask such as `255.255.255.0`; undefined for anything else. */
export function prefixOf(mask: string): number | undefined {
  const n = parseIpv4(mask);
  if (n === undefined) return undefined;
  for (let prefix = 0; prefix <= 32; prefix++) if (netmask(prefix) === mask) return prefix;
  return undefined;
}

export function netmask(prefix: number): string {
  return formatIpv4(prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);
}

/** The network the agent is reached on: the one that is default for the gateway, else the first. */
export function defaultNetworkIp(networks: Readonly<Record<string, CpiNetwork>>): string | undefined {
  const all = Object.values(networks);
  const chosen = all.find((n) => n.default?.includes('gateway') === true && n.ip) ?? all.find((n) => n.ip);
  return chosen?.ip;
}

/**
 * Gives every network of a new VM its IP: a manual network keeps the IP the director chose (a 127.x.y.z address
 * reaches loopback; with `netns` the IP goes on the VM's own interface and must not be a loopback one), a dynamic
 * one gets a free address of its own `cloud_properties.range`, else of `dynamic`. Each IP is claimed with an exclusively created file `<data_dir>/ips/<ip>`
 * naming the VM, so two VMs never share one.
 */
export async function assignNetworks(
  layout: Layout,
  vmCid: string,
  requested: Readonly<Record<string, CpiNetwork>>,
  dynamic: Cidr,
  log: (line: string) => void,
  netns = false,
): Promise<{ networks: Record<string, CpiNetwork>; ips: string[] }> {
  const networks: Record<string, CpiNetwork> = {};
  const ips: string[] = [];
  try {
    for (const [name, network] of Object.entries(requested)) {
      const type = network.type ?? 'manual';
      if (type === 'dynamic') {
        const range = ownRange(name, network) ?? dynamic;
        const ip = await claimDynamic(layout, vmCid, range);
        ips.push(ip);
        const gateway = formatIpv4(range.base + 1);
        networks[name] = { ...network, ip, netmask: netmask(range.prefix), gateway };
      } else if (type === 'manual') {
        const ip = network.ip;
        if (ip === undefined || parseIpv4(ip) === undefined) {
          throw vmCreationFailed(`Network '${name}' is manual but has no valid IP: ${JSON.stringify(ip)}`);
        }
        if (netns && isLoopbackIp(ip)) {
          throw vmCreationFailed(
            `IP '${ip}' of network '${name}' is a loopback address: with "isolation": "netns" each VM has its own ` +
              'interface on a bridge, which cannot carry 127.x.y.z addresses; use a non-loopback range ' +
              '(e.g. 10.245.0.0/24 with gateway 10.245.0.1)',
          );
        }
        if (!(await claim(layout, ip, vmCid))) {
          const owner = await readFile(layout.ipClaim(ip), 'utf8').catch(() => '?');
          throw vmCreationFailed(`IP '${ip}' of network '${name}' is already in use by VM '${owner}'`);
        }
        ips.push(ip);
        if (!netns && !isLoopbackIp(ip))
          log(`WARN: IP '${ip}' of network '${name}' is not a loopback address`);
        networks[name] = { ...network };
      } else {
        networks[name] = { ...network };
      }
    }
  } catch (e) {
    await releaseIps(layout, vmCid, ips);
    throw e;
  }
  return { networks, ips };
}

/**
 * A dynamic network's own address range, `cloud_properties: {range: CIDR}` of its subnet: so deployments (or
 * directors sharing a host) can keep their VMs apart; the CPI's `dynamic_ip_range` otherwise.
 */
function ownRange(name: string, network: CpiNetwork): Cidr | undefined {
  const range = network.cloud_properties?.range;
  if (range === undefined) return undefined;
  const cidr = typeof range === 'string' ? parseCidr(range) : undefined;
  if (cidr === undefined)
    throw vmCreationFailed(
      `Network '${name}' has cloud property 'range' ${JSON.stringify(range)}, which is not an IPv4 CIDR`,
    );
  return cidr;
}

async function claimDynamic(layout: Layout, vmCid: string, range: Cidr): Promise<string> {
  const size = 2 ** (32 - range.prefix);
  for (let offset = 2; offset < size - 1; offset++) {
    const ip = formatIpv4(range.base + offset);
    if (await claim(layout, ip, vmCid)) return ip;
  }
  throw vmCreationFailed(`No free dynamic IP left in ${formatIpv4(range.base)}/${range.prefix}`);
}

/** Claims `ip` for `vmCid`; a claim left by a VM that no longer exists is taken over. */
async function claim(layout: Layout, ip: string, vmCid: string): Promise<boolean> {
  const file = layout.ipClaim(ip);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, vmCid, { flag: 'wx' });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
        throw cloudError(`Claiming IP '${ip}': ${String(e)}`);
    }
    const owner = await readFile(file, 'utf8').catch(() => '');
    if (owner === vmCid) return true;
    if (owner === '' || (await layout.vmExists(owner))) return false;
    await rm(file, { force: true });
  }
  return false;
}

/** Frees the IPs a VM claimed (only claims that still name it). */
export async function releaseIps(layout: Layout, vmCid: string, ips: readonly string[]): Promise<void> {
  for (const ip of ips) {
    const file = layout.ipClaim(ip);
    const owner = await readFile(file, 'utf8').catch(() => undefined);
    if (owner === vmCid) await rm(file, { force: true });
  }
}
