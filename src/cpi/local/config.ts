import { isAbsolute, resolve } from 'node:path';
import { isRecord } from '../../protocol/cpi.js';
import { DISK_FORMATS, type DiskFormat } from './disk-image.js';
import { overlapsLoopback, parseCidr, type Cidr } from './network.js';
import { cloudError } from './response.js';

export type Isolation = 'none' | 'mount-ns' | 'netns';

/**
 * The CPI's config file (`bosh-local-cpi <config.json>`), decoded. On disk:
 * ```json
 * {"data_dir": "/var/lib/bosh-local-cpi",
 *  "agent": {"mbus": "https://mbus:<password>@{ip}:6868", "ntp": [], "blobstore": {"provider": "local", "options": {}}},
 *  "agent_command": ["/usr/bin/node", "/opt/bosh-ts/bin/bosh-agent.cjs", "-b", "{base_dir}"],
 *  "agent_env": {"NODE_OPTIONS": "--max-old-space-size=64"},
 *  "isolation": "mount-ns",
 *  "dynamic_ip_range": "127.254.0.0/16",
 *  "bridge": "bosh-local0",
 *  "private_tmp": true,
 *  "host_paths": []}
 * ```
 * `isolation`:
 * - `none`: VMs are plain processes of the host and see the VM directory itself as their base dir.
 * - `mount-ns` (the default where the host allows it): a private mount and PID namespace per VM, in which the VM
 *   directory is bind-mounted on `/var/vcap`; as root, or else in an unprivileged user namespace. VMs share the
 *   host's network: their IPs are loopback addresses (127.x.y.z; the whole 127/8 reaches loopback on Linux).
 * - `netns` (root only): in addition, a network namespace per VM (`bosh-<10 hex digits of the cid's sha256>` in
 *   `ip netns`), joined to the Linux bridge `bridge` (default `bosh-local0`, created when missing) by a veth pair
 *   (host end of the same name, VM end `eth0`). The VM's interface gets the IP(s) and netmask(s) of its networks
 *   and a default route via its default network's gateway; the bridge gets each network's gateway address, through
 *   which the host (director, tests) reaches the VMs. Networks must therefore use non-loopback ranges with a
 *   gateway (e.g. 10.245.0.0/24, gateway 10.245.0.1), and `dynamic_ip_range` defaults to `10.254.0.0/16` (gateway
 *   10.254.0.1; `.2` upwards are handed out). Needs the `ip` (iproute2) and `nsenter` commands. Give each CPI
 *   `data_dir` sharing a host its own bridge or its own ranges: IP claims are per `data_dir`.
 *
 * `private_tmp` (default true): with a mount namespace, the VM's `/tmp` and `/var/tmp` are its own (its
 * `/var/vcap/data/root_tmp`, as on a stemcell); the host paths under them the VM needs (the data dir, the agent's
 * program and PATH, and `host_paths`) are mounted back at their own paths. Every VM with a mount namespace, private
 * /tmp or not, gets the stemcell's `vcap` user and group when the host has none (see vm-accounts.ts).
 *
 * `dynamic_ip_range`: the IPv4 CIDR dynamic networks get addresses from (`.1` is the gateway); default
 * `127.254.0.0/16`, or `10.254.0.0/16` with `netns`.
 *
 * create_vm honours these `cloud_properties` (others, such as `cpu` and `ram`, are ignored as IaaS CPIs ignore
 * what they do not know), when the VM has a mount namespace of its own as root (`mount-ns` as root, `netns`); else
 * the CPI log gets a warning and the VM's `/var/vcap/data` stays a directory of the VM dir:
 * - `ephemeral_disk: {size: <MiB>}` (what calculate_vm_cloud_properties returns): `/var/vcap/data` is a
 *   loop-mounted ext4 image of that size (`.cpi/ephemeral.img` in the VM dir); size 0 or none: no disk of its own.
 * - `tmpfs: true | {size: <MiB>}`: `/var/vcap/data` is a tmpfs instead, limited to `tmpfs.size`, else to
 *   `ephemeral_disk.size`, else the kernel's default; nothing written there reaches the host's disk.
 */
export interface LocalCpiConfig {
  /** VMs, disks, stemcells, snapshots and IP claims live under it. */
  readonly dataDir: string;
  /** What every VM's agent settings get: `mbus` may name `{ip}`, `{agent_id}` and `{vm_cid}`. */
  readonly agent: {
    readonly mbus: string;
    readonly ntp: readonly string[];
    readonly blobstore?: { readonly provider: string; readonly options: Readonly<Record<string, unknown>> };
  };
  /** argv of the agent; `{base_dir}`, `{settings_path}`, `{vm_cid}`, `{agent_id}` are substituted. */
  readonly agentCommand: readonly string[];
  readonly agentEnv: Readonly<Record<string, string>>;
  /** Undefined: mount-ns when this host allows it, else none. */
  readonly isolation: Isolation | undefined;
  readonly dynamicIps: Cidr;
  /** The Linux bridge VMs are joined to with `isolation: netns`. */
  readonly bridge: string;
  /**
   * `persistent_disk_type`: what create_disk makes when the disk's `cloud_properties.type` names no format:
   * `directory` (the default) or `ext4-image` (a loop-mounted ext4 image of the disk's size; needs root).
   */
  readonly persistentDiskType: DiskFormat;
  readonly privateTmp: boolean;
  /** Host paths under /tmp or /var/tmp that stay visible in VMs with a private /tmp. */
  readonly hostPaths: readonly string[];
}

export const DEFAULT_DYNAMIC_IP_RANGE = '127.254.0.0/16';
export const DEFAULT_NETNS_DYNAMIC_IP_RANGE = '10.254.0.0/16';
export const DEFAULT_BRIDGE = 'bosh-local0';
const ISOLATIONS: readonly Isolation[] = ['none', 'mount-ns', 'netns'];

/** Decodes the config, collecting every problem into one CloudError. */
export function decodeConfig(value: unknown, configDir: string): LocalCpiConfig {
  const problems: string[] = [];
  /** `value` when `ok`, else records `message` and goes on with `fallback`. */
  const check = <T>(ok: boolean, value: T, fallback: T, message: string): T => {
    if (ok) return value;
    problems.push(message);
    return fallback;
  };
  if (!isRecord(value)) throw cloudError('Invalid local CPI config: expected a JSON object');

  const rawDir = value.data_dir;
  const dataDir = check(
    typeof rawDir === 'string' && rawDir !== '',
    String(rawDir),
    '',
    "'data_dir' must be a non-empty string",
  );
  const agent = check(
    isRecord(value.agent),
    value.agent as Record<string, unknown>,
    {},
    "'agent' must be an object",
  );
  const mbus = check(typeof agent.mbus === 'string', String(agent.mbus), '', "'agent.mbus' must be a string");
  const ntpList = stringList(agent.ntp);
  const ntp = check(ntpList !== undefined, ntpList ?? [], [], "'agent.ntp' must be a list of strings");
  let blobstore: LocalCpiConfig['agent']['blobstore'];
  if (agent.blobstore !== undefined && agent.blobstore !== null) {
    const b = agent.blobstore;
    if (isRecord(b) && typeof b.provider === 'string' && (b.options === undefined || isRecord(b.options))) {
      blobstore = { provider: b.provider, options: b.options ?? {} };
    } else problems.push("'agent.blobstore' must be {provider: string, options: object}");
  }

  const commandList = stringList(value.agent_command) ?? [];
  const command = check(
    commandList.length > 0,
    commandList,
    [],
    "'agent_command' must be a non-empty list of strings",
  );

  const env = isRecord(value.agent_env) ? value.agent_env : value.agent_env === undefined ? {} : undefined;
  const agentEnv: Record<string, string> = {};
  if (env === undefined) problems.push("'agent_env' must be an object of strings");
  for (const [k, v] of Object.entries(env ?? {})) {
    if (typeof v === 'string') agentEnv[k] = v;
    else problems.push(`'agent_env.${k}' must be a string`);
  }

  const isolation = ISOLATIONS.find((i) => i === value.isolation);
  if (value.isolation !== undefined && isolation === undefined) {
    problems.push(
      `'isolation' must be 'none', 'mount-ns' or 'netns', got ${JSON.stringify(value.isolation)}`,
    );
  }

  const netns = isolation === 'netns';
  const range = value.dynamic_ip_range ?? (netns ? DEFAULT_NETNS_DYNAMIC_IP_RANGE : DEFAULT_DYNAMIC_IP_RANGE);
  const dynamicIps = typeof range === 'string' ? parseCidr(range) : undefined;
  if (dynamicIps === undefined)
    problems.push(`'dynamic_ip_range' must be an IPv4 CIDR, got ${JSON.stringify(range)}`);
  else if (netns && overlapsLoopback(dynamicIps)) {
    problems.push(
      `'dynamic_ip_range' must not be a loopback range with "isolation": "netns" ` +
        `(loopback addresses cannot be used on a bridge), got ${JSON.stringify(range)}`,
    );
  }

  const bridge = value.bridge ?? DEFAULT_BRIDGE;
  if (typeof bridge !== 'string' || !isInterfaceName(bridge)) {
    problems.push(
      `'bridge' must be a network interface name (1 to 15 letters, digits, '.', '-' or '_'), got ${JSON.stringify(bridge)}`,
    );
  }

  const diskType = value.persistent_disk_type ?? 'directory';
  const persistentDiskType = DISK_FORMATS.find((f) => f === diskType);
  if (persistentDiskType === undefined) {
    problems.push(
      `'persistent_disk_type' must be 'directory' or 'ext4-image', got ${JSON.stringify(diskType)}`,
    );
  }

  const privateTmp = value.private_tmp ?? true;
  if (typeof privateTmp !== 'boolean')
    problems.push(`'private_tmp' must be true or false, got ${JSON.stringify(privateTmp)}`);
  const hostPaths = stringList(value.host_paths);
  if (hostPaths === undefined || hostPaths.some((p) => !isAbsolute(p)))
    problems.push("'host_paths' must be a list of absolute paths");

  if (problems.length > 0 || dynamicIps === undefined) {
    throw cloudError(`Invalid local CPI config:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  }
  return {
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(configDir, dataDir),
    agent: { mbus, ntp, ...(blobstore ? { blobstore } : {}) },
    agentCommand: command,
    agentEnv,
    isolation,
    dynamicIps,
    bridge: typeof bridge === 'string' ? bridge : DEFAULT_BRIDGE,
    persistentDiskType: persistentDiskType ?? 'directory',
    privateTmp: privateTmp !== false,
    hostPaths: hostPaths ?? [],
  };
}

function stringList(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  return Array.isArray(value) && value.every((v): v is string => typeof v === 'string') ? value : undefined;
}

/** What Linux accepts as an interface name (IFNAMSIZ), without the characters `ip` would misread. */
export function isInterfaceName(name: string): boolean {
  return /^[A-Za-z0-9_.-]{1,15}$/.test(name) && name !== '.' && name !== '..';
}
