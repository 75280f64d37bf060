import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CpiNetwork } from '../../protocol/cpi.js';
import { findExecutable } from './executables.js';
import { formatIpv4, parseIpv4, prefixOf } from './network.js';
import { cloudError, vmCreationFailed } from './response.js';

// `isolation: netns` (root): every VM gets a network namespace of its own, joined to a Linux bridge by a veth
// pair; the bridge carries the networks' gateway addresses, so the host reaches each VM at its IP.

/** Where `ip netns` keeps its namespaces. */
export const NETNS_DIR = '/run/netns';
/** The VM's end of its veth pair, inside its namespace. */
export const VM_INTERFACE = 'eth0';
/** Host-wide locks (the bridge is shared by every CPI data dir on the host). */
const LOCK_DIR = '/run/bosh-local-cpi';

export const NETNS_ROOT_HELP =
  "VM isolation 'netns' needs root: it creates a network namespace, a veth pair and a bridge per VM; run the " +
  'CPI as root, or set "isolation": "mount-ns" in the CPI config to run VMs on loopback IPs without it';

/** The names of a VM's network namespace and of the host end of its veth pair: both `bosh-<10 hex digits>`. */
export function netnsNames(vmCid: string): { readonly netns: string; readonly hostVeth: string } {
  // 15 characters: the longest interface name Linux takes (IFNAMSIZ 16 with the NUL).
  const name = `bosh-${createHash('sha256').update(vmCid).digest('hex').slice(0, 10)}`;
  return { netns: name, hostVeth: name };
}

export const netnsPath = (netns: string): string => join(NETNS_DIR, netns);

/** What a VM's namespace gets: addresses of its interface, the bridge's gateway addresses, its default route. */
export interface NetnsPlan {
  /** `ip/prefix` of each network, on the VM's interface. */
  readonly addresses: readonly string[];
  /** `gateway/prefix` of each network, on the bridge (each once). */
  readonly bridgeAddresses: readonly string[];
  /** The default network's gateway (the one that is default for `gateway`, else the first). */
  readonly defaultGateway: string | undefined;
}

/** Plans a VM's namespace from the networks create_vm assigned; explains what a network lacks for a bridge. */
export function netnsPlan(networks: Readonly<Record<string, CpiNetwork>>): NetnsPlan {
  const addresses: string[] = [];
  const bridgeAddresses: string[] = [];
  const gateways: { gateway: string; isDefault: boolean }[] = [];
  for (const [name, network] of Object.entries(networks)) {
    const { ip, gateway } = network;
    if (ip === undefined) continue;
    const prefix = typeof network.netmask === 'string' ? prefixOf(network.netmask) : undefined;
    if (prefix === undefined || prefix > 30) {
      throw vmCreationFailed(
        `Network '${name}' needs a netmask of at most 30 bits with "isolation": "netns", got ${JSON.stringify(network.netmask)}`,
      );
    }
    const gw = gateway === undefined ? undefined : parseIpv4(gateway);
    if (gateway === undefined || gw === undefined) {
      throw vmCreationFailed(
        `Network '${name}' needs a gateway with "isolation": "netns" (the bridge gets its address, through which ` +
          `the host reaches the VM), got ${JSON.stringify(gateway)}`,
      );
    }
    const size = 2 ** (32 - prefix);
    const ipNumber = parseIpv4(ip) ?? 0;
    if (gw - (gw % size) !== ipNumber - (ipNumber % size) || gateway === ip) {
      throw vmCreationFailed(
        `Gateway '${gateway}' of network '${name}' is not another address of ${formatIpv4(ipNumber - (ipNumber % size))}/${prefix}`,
      );
    }
    addresses.push(`${ip}/${prefix}`);
    const bridgeAddress = `${gateway}/${prefix}`;
    if (!bridgeAddresses.includes(bridgeAddress)) bridgeAddresses.push(bridgeAddress);
    gateways.push({ gateway, isDefault: network.default?.includes('gateway') === true });
  }
  const chosen = gateways.find((g) => g.isDefault) ?? gateways[0];
  return { addresses, bridgeAddresses, defaultGateway: chosen?.gateway };
}

/**
 * Checks that this host can run VMs in network namespaces: root, `ip` and `nsenter`. `find` resolves a program
 * (throwing when it is missing).
 */
export function checkNetnsHost(uid: number | undefined, find: (program: string) => string): void {
  if (uid !== 0) throw cloudError(NETNS_ROOT_HELP);
  for (const [program, from] of [
    ['ip', 'iproute2'],
    ['nsenter', 'util-linux'],
    ['flock', 'util-linux'],
  ] as const) {
    try {
      find(program);
    } catch (e) {
      throw cloudError(
        `VM isolation 'netns' needs the '${program}' command (${from}): ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
}

interface IpResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

function ip(args: readonly string[]): IpResult {
  const run = spawnSync(findExecutable('ip'), args, { encoding: 'utf8' });
  const stderr = (run.stderr || run.error?.message || '').trim();
  return { ok: run.status === 0, stdout: run.stdout, stderr: stderr || `exit status ${run.status ?? '?'}` };
}

/** Runs `ip args`, throwing a CloudError that says what failed. */
function ipOrFail(what: string, args: readonly string[]): string {
  const result = ip(args);
  if (!result.ok) throw cloudError(`${what}: ip ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/**
 * Creates the VM's network namespace and veth pair, addresses and routes, and the bridge (when missing) with the
 * gateway addresses. On failure removes what it made.
 */
export async function setUpVmNetwork(
  vmCid: string,
  networks: Readonly<Record<string, CpiNetwork>>,
  bridge: string,
  log: (line: string) => void,
): Promise<void> {
  const plan = netnsPlan(networks);
  const { netns, hostVeth } = netnsNames(vmCid);
  await ensureBridge(bridge, plan.bridgeAddresses, log);
  try {
    ipOrFail(`Creating network namespace '${netns}'`, ['netns', 'add', netns]);
    ipOrFail(`Creating veth pair '${hostVeth}'`, [
      'link',
      'add',
      hostVeth,
      'type',
      'veth',
      'peer',
      'name',
      VM_INTERFACE,
      'netns',
      netns,
    ]);
    ipOrFail(`Joining '${hostVeth}' to bridge '${bridge}'`, ['link', 'set', hostVeth, 'master', bridge]);
    ipOrFail(`Bringing '${hostVeth}' up`, ['link', 'set', hostVeth, 'up']);
    const inNs = (what: string, args: readonly string[]) => ipOrFail(what, ['-n', netns, ...args]);
    inNs(`Bringing up lo of '${netns}'`, ['link', 'set', 'lo', 'up']);
    for (const address of plan.addresses) {
      inNs(`Adding ${address} to '${netns}'`, ['addr', 'add', address, 'dev', VM_INTERFACE]);
    }
    inNs(`Bringing up ${VM_INTERFACE} of '${netns}'`, ['link', 'set', VM_INTERFACE, 'up']);
    if (plan.defaultGateway !== undefined) {
      inNs(`Routing '${netns}' via ${plan.defaultGateway}`, [
        'route',
        'add',
        'default',
        'via',
        plan.defaultGateway,
      ]);
    }
  } catch (e) {
    try {
      tearDownVmNetwork(vmCid);
    } catch (cleanup) {
      log(`Removing network namespace '${netns}' after a failed setup: ${String(cleanup)}`);
    }
    throw e;
  }
  log(`VM '${vmCid}' has network namespace '${netns}' on bridge '${bridge}' (${plan.addresses.join(', ')})`);
}

/** Whether the VM's network namespace exists (it does not survive a host reboot). */
export function vmNetworkExists(vmCid: string): boolean {
  return existsSync(netnsPath(netnsNames(vmCid).netns));
}

/** Removes the VM's veth pair and network namespace; what is already gone is fine. */
export function tearDownVmNetwork(vmCid: string): void {
  const { netns, hostVeth } = netnsNames(vmCid);
  const link = ip(['link', 'del', hostVeth]);
  if (!link.ok && ip(['link', 'show', hostVeth]).ok) {
    throw cloudError(`Deleting veth '${hostVeth}': ip link del ${hostVeth}: ${link.stderr}`);
  }
  if (existsSync(netnsPath(netns)))
    ipOrFail(`Deleting network namespace '${netns}'`, ['netns', 'del', netns]);
}

/**
 * Creates the bridge when missing and gives it `addresses` it lacks; idempotent, and serialized over the host by a
 * lock file, so concurrent create_vm calls of any data dir can share the bridge.
 */
async function ensureBridge(
  bridge: string,
  addresses: readonly string[],
  log: (line: string) => void,
): Promise<void> {
  await withLock(join(LOCK_DIR, `bridge-${bridge}.lock`), () => {
    const shown = ip(['-j', '-d', 'link', 'show', 'dev', bridge]);
    if (!shown.ok) {
      const made = ip(['link', 'add', 'name', bridge, 'type', 'bridge']);
      if (!made.ok) {
        throw cloudError(
          `VM isolation 'netns' needs Linux bridges and veth pairs: creating bridge '${bridge}' failed: ` +
            `ip link add name ${bridge} type bridge: ${made.stderr}`,
        );
      }
      log(`Created bridge '${bridge}'`);
    } else if (linkKind(shown.stdout) !== 'bridge') {
      throw cloudError(
        `Network interface '${bridge}' exists but is not a bridge; name another one in the CPI config's 'bridge'`,
      );
    }
    const present = bridgeAddresses(
      ipOrFail(`Reading the addresses of bridge '${bridge}'`, ['-j', 'addr', 'show', 'dev', bridge]),
    );
    for (const address of addresses) {
      if (present.includes(address)) continue;
      const added = ip(['addr', 'add', address, 'dev', bridge]);
      if (!added.ok && !/File exists/.test(added.stderr)) {
        throw cloudError(`Adding ${address} to bridge '${bridge}': ip addr add ${address}: ${added.stderr}`);
      }
      log(`Added ${address} to bridge '${bridge}'`);
    }
    ipOrFail(`Bringing bridge '${bridge}' up`, ['link', 'set', bridge, 'up']);
  });
}

/** `linkinfo.info_kind` of `ip -j -d link show` output. */
export function linkKind(json: string): string | undefined {
  const links = parseJsonList(json);
  const info = (links[0] as { linkinfo?: { info_kind?: unknown } } | undefined)?.linkinfo?.info_kind;
  return typeof info === 'string' ? info : undefined;
}

/** `address/prefix` of the IPv4 addresses in `ip -j addr show` output. */
export function bridgeAddresses(json: string): string[] {
  const out: string[] = [];
  for (const link of parseJsonList(json)) {
    const infos = (link as { addr_info?: unknown }).addr_info;
    for (const info of Array.isArray(infos)
      ? (infos as { family?: unknown; local?: unknown; prefixlen?: unknown }[])
      : []) {
      if (info.family === 'inet' && typeof info.local === 'string' && typeof info.prefixlen === 'number')
        out.push(`${info.local}/${info.prefixlen}`);
    }
  }
  return out;
}

function parseJsonList(json: string): unknown[] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? (value as unknown[]) : [];
  } catch {
    return [];
  }
}

/**
 * Runs `fn` holding an exclusive flock(1) on `lockFile`. The lock is held by a `flock` child for as long as its
 * stdin is open, so the kernel releases it when this process ends, however it ends: no stale locks.
 */
async function withLock<T>(lockFile: string, fn: () => T, timeoutMs = 30_000): Promise<T> {
  await mkdir(LOCK_DIR, { recursive: true });
  const holder = spawn(
    findExecutable('flock'),
    [
      '--exclusive',
      '--timeout',
      String(timeoutMs / 1000),
      lockFile,
      findExecutable('sh'),
      '-c',
      'echo locked; exec cat >/dev/null',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const exited = new Promise<number | null>((resolve) => {
    holder.on('close', resolve);
    holder.on('error', () => {
      resolve(null);
    });
  });
  let stderr = '';
  holder.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const locked = await new Promise<boolean>((resolve) => {
    holder.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('locked')) resolve(true);
    });
    void exited.then(() => {
      resolve(false);
    });
  });
  if (!locked) {
    const status = await exited;
    throw cloudError(
      `Locking ${lockFile}: ${stderr.trim() || (status === 1 ? `not free within ${timeoutMs / 1000}s` : `flock exit status ${status ?? '?'}`)}`,
    );
  }
  try {
    return fn();
  } finally {
    holder.stdin.end();
    await exited;
  }
}
