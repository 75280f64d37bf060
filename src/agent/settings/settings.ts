import {
  bool,
  field,
  goObject,
  goValue,
  int,
  isObject,
  map,
  root,
  slice,
  str,
  struct,
  type AgentValue,
  type At,
  type UpdateSettings,
} from '../../protocol/agent.js';

/**
 * Agent settings (bosh-agent `settings/settings.go`) as the CPI writes them: only what this agent reads is decoded;
 * the rest stays in `raw`. Blobstore, mbus and NTP follow the agent's precedence over `update_settings.json`.
 */

export interface BlobstoreSettings {
  readonly provider: string;
  readonly options: Readonly<Record<string, AgentValue>>;
}

export interface CertKeyPair {
  readonly ca: string;
  readonly certificate: string;
  readonly private_key: string;
}

export interface NetworkSettings {
  readonly type: string;
  readonly ip: string;
  readonly netmask: string;
  readonly gateway: string;
  readonly use_dhcp: boolean;
  readonly resolved: boolean;
  /** What the network is the default for (`dns`, `gateway`); null when not given. */
  readonly default: readonly string[] | null;
}

export interface AgentSettings {
  readonly agent_id: string;
  readonly vm: { readonly name: string };
  readonly mbus: string;
  readonly ntp: readonly string[] | null;
  readonly blobstore: BlobstoreSettings;
  readonly networks: Readonly<Record<string, NetworkSettings>>;
  /** `disks.persistent`: cid → a path, or an object with `path` (or `volume_id`, `id`, …). */
  readonly persistentDisks: Readonly<Record<string, AgentValue>>;
  readonly env: {
    readonly mbusUrls: readonly string[] | null;
    readonly mbusCert: CertKeyPair;
    readonly blobstores: readonly BlobstoreSettings[] | null;
    readonly ntp: readonly string[] | null;
    readonly parallel: number | null;
  };
}

function blobstore(v: unknown, at: At): BlobstoreSettings {
  const o = struct(v, at, 'settings.Blobstore');
  return {
    provider: str(o['provider'], field(at, 'Blobstore', 'provider')),
    options: goObject(o['options']),
  };
}

/** `settings.Settings` from the settings file's JSON. */
export function decodeSettings(v: unknown): AgentSettings {
  const at = root('settings.Settings');
  const o = struct(v, at, 'settings.Settings');
  const f = (name: string) => field(at, 'Settings', name);
  const env = struct(o['env'], f('env'), 'settings.Env');
  const boshAt = field(f('env'), 'Env', 'bosh');
  const bosh = struct(env['bosh'], boshAt, 'settings.BoshEnv');
  const b = (name: string) => field(boshAt, 'BoshEnv', name);
  const mbus = struct(bosh['mbus'], b('mbus'), 'settings.MBus');
  const cert = struct(mbus['cert'], field(b('mbus'), 'MBus', 'cert'), 'settings.CertKeyPair');
  const c = (name: string) => str(cert[name], field(b('mbus'), 'CertKeyPair', name));
  const disks = struct(o['disks'], f('disks'), 'settings.Disks');
  const strings = (x: unknown, a: At) => slice(x, a, '[]string', (s) => str(s, a));
  return {
    agent_id: str(o['agent_id'], f('agent_id')),
    vm: { name: str(struct(o['vm'], f('vm'), 'settings.VM')['name'], field(f('vm'), 'VM', 'name')) },
    mbus: str(o['mbus'], f('mbus')),
    ntp: strings(o['ntp'], f('ntp')),
    blobstore: blobstore(o['blobstore'], f('blobstore')),
    networks:
      map(o['networks'], f('networks'), 'settings.Networks', (n, name) => {
        const na = field(f('networks'), 'Network', name);
        const no = struct(n, na, 'settings.Network');
        const nf = (key: string) => field(na, 'Network', key);
        return {
          type: str(no['type'], nf('type')),
          ip: str(no['ip'], nf('ip')),
          netmask: str(no['netmask'], nf('netmask')),
          gateway: str(no['gateway'], nf('gateway')),
          use_dhcp: bool(no['use_dhcp'], nf('use_dhcp')),
          resolved: bool(no['resolved'], nf('resolved')),
          default: strings(no['default'], nf('default')),
        };
      }) ?? {},
    persistentDisks: map(disks['persistent'], field(f('disks'), 'Disks', 'persistent'), 'map', goValue) ?? {},
    env: {
      mbusUrls: strings(mbus['urls'], field(b('mbus'), 'MBus', 'urls')),
      mbusCert: { ca: c('ca'), certificate: c('certificate'), private_key: c('private_key') },
      blobstores: slice(bosh['blobstores'], b('blobstores'), '[]settings.Blobstore', (x) =>
        blobstore(x, b('blobstores')),
      ),
      ntp: strings(bosh['ntp'], b('ntp')),
      parallel:
        bosh['parallel'] === null || bosh['parallel'] === undefined
          ? null
          : int(bosh['parallel'], b('parallel')),
    },
  };
}

/** `Network.IsDHCP`: dynamic or use_dhcp (never vip), or a manual network that has no static ip + netmask. */
export function isDhcp(n: NetworkSettings): boolean {
  if (n.type === 'vip') return false;
  if (n.type === 'dynamic' || n.use_dhcp) return true;
  return n.resolved || !(n.ip !== '' && n.netmask !== '');
}

/**
 * `Networks.DefaultIP`: the IP of a network that is default for something, else the first network's IP (in key
 * order, where Go's map order is random); undefined when that leaves none.
 */
export function defaultIp(networks: Readonly<Record<string, NetworkSettings>>): string | undefined {
  let ip = '';
  for (const key of Object.keys(networks).sort()) {
    const n = networks[key];
    if (n === undefined) continue;
    if (ip === '') ip = n.ip;
    if (n.default !== null && n.default.length > 0) ip = n.ip;
  }
  return ip === '' ? undefined : ip;
}

/** `GetMbusURL`: update_settings mbus.urls[0] > env.bosh.mbus.urls[0] > settings.mbus. */
export function mbusUrl(s: AgentSettings, u: UpdateSettings | undefined): string {
  return u?.mbus.urls?.[0] ?? s.env.mbusUrls?.[0] ?? s.mbus;
}

/** `GetBlobstore`: update_settings blobstores[0] > env.bosh.blobstores[0] > settings.blobstore. */
export function effectiveBlobstore(s: AgentSettings, u: UpdateSettings | undefined): BlobstoreSettings {
  const fromUpdate = u?.blobstores?.[0];
  if (fromUpdate) {
    return { provider: fromUpdate.provider, options: goObject(fromUpdate.options) };
  }
  return s.env.blobstores?.[0] ?? s.blobstore;
}

/** `env.bosh.parallel`, 5 when unset: how many jobs and packages prepare fetches at once. */
export function parallel(s: AgentSettings): number {
  return s.env.parallel ?? 5;
}

/** The filesystem path of a persistent disk from its settings value (a string or `{path}`), if any. */
export function persistentDiskPath(value: AgentValue | undefined): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (isObject(value) && typeof value['path'] === 'string' && value['path'] !== '') return value['path'];
  return undefined;
}
