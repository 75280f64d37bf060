import { isAbsolute, resolve } from 'node:path';
import { isRecord } from '../../protocol/cpi.js';
import { parseCidr, type Cidr } from './network.js';
import { cloudError } from './response.js';

export type Isolation = 'none' | 'mount-ns';

/**
 * The CPI's config file (`bosh-local-cpi <config.json>`), decoded. On disk:
 * ```json
 * {"data_dir": "/var/lib/bosh-local-cpi",
 *  "agent": {"mbus": "https://mbus:<password>@{ip}:6868", "ntp": [], "blobstore": {"provider": "local", "options": {}}},
 *  "agent_command": ["/usr/bin/node", "/opt/bosh-ts/bin/bosh-agent.cjs", "-b", "{base_dir}"],
 *  "agent_env": {"NODE_OPTIONS": "--max-old-space-size=64"},
 *  "isolation": "mount-ns",
 *  "dynamic_ip_range": "127.254.0.0/16"}
 * ```
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
}

export const DEFAULT_DYNAMIC_IP_RANGE = '127.254.0.0/16';

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

  const isolation = value.isolation;
  if (isolation !== undefined && isolation !== 'none' && isolation !== 'mount-ns') {
    problems.push(`'isolation' must be 'none' or 'mount-ns', got ${JSON.stringify(isolation)}`);
  }

  const range = value.dynamic_ip_range ?? DEFAULT_DYNAMIC_IP_RANGE;
  const dynamicIps = typeof range === 'string' ? parseCidr(range) : undefined;
  if (dynamicIps === undefined)
    problems.push(`'dynamic_ip_range' must be an IPv4 CIDR, got ${JSON.stringify(range)}`);

  if (problems.length > 0 || dynamicIps === undefined) {
    throw cloudError(`Invalid local CPI config:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  }
  return {
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(configDir, dataDir),
    agent: { mbus, ntp, ...(blobstore ? { blobstore } : {}) },
    agentCommand: command,
    agentEnv,
    isolation: isolation === 'none' || isolation === 'mount-ns' ? isolation : undefined,
    dynamicIps,
  };
}

function stringList(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  return Array.isArray(value) && value.every((v): v is string => typeof v === 'string') ? value : undefined;
}
