import type { YamlValue } from '../../base/yaml/value.js';
import { networkHasAzs } from './cloud-networks.js';
import { expand, formatIp, parseIpList } from './ip.js';
import type { Problems } from './problems.js';
import { rubyToS } from '../../base/ruby-inspect.js';
import { array, get, hash, hasKey, int, str } from './safe-property.js';
import type { CloudConfig, InstanceGroupNetwork, JobSpec, PersistentDisk } from './types.js';
import type { Release, Stemcell, UpdateConfig } from './types.js';

const EMPTY = new Map<never, never>();
const REQUIRED_DEFAULTS = ['dns', 'gateway'];
const VALID_DEFAULTS = ['addressable', 'dns', 'gateway'];

export interface GroupContext {
  readonly releases: readonly Release[];
  readonly stemcells: readonly Stemcell[];
  readonly update: UpdateConfig | undefined;
  /** Cross checks against the cloud config are skipped without one. */
  readonly cloud: CloudConfig | undefined;
  /** `features.use_tmpfs_config`, applied to each group's env. */
  readonly useTmpfsConfig?: boolean | null;
}

export function parseJobs(p: Problems, spec: YamlValue, ig: string, ctx: GroupContext): JobSpec[] {
  const jobs: JobSpec[] = [];
  for (const j of array(p, spec, 'jobs') ?? []) {
    const name = str(p, j, 'name');
    const release = str(p, j, 'release');
    if (name === undefined || release === undefined) continue;
    if (!ctx.releases.some((r) => r.name === release)) {
      p.add(
        'InstanceGroupUnknownRelease',
        `Job '${name}' (instance group '${ig}') references an unknown release '${release}'`,
      );
    }
    const properties = hash(p, j, 'properties', { optional: true }) ?? null;
    const consumes = hash(p, j, 'consumes', { optional: true }) ?? EMPTY;
    const provides = hash(p, j, 'provides', { optional: true }) ?? EMPTY;
    const custom = array(p, j, 'custom_provider_definitions', { optional: true }) ?? [];
    jobs.push({ name, release, properties, consumes, provides, customProviderDefinitions: custom });
  }
  const reported = new Set<string>();
  for (const job of jobs) {
    if (jobs.filter((o) => o.name === job.name).length > 1 && !reported.has(job.name)) {
      reported.add(job.name);
      p.add(
        'InstanceGroupInvalidJobs',
        `Colocated job '${job.name}' is already added to the instance group '${ig}'`,
      );
    }
  }
  return jobs;
}

export function parseDisk(
  p: Problems,
  spec: YamlValue,
  ig: string,
  cloud: CloudConfig | undefined,
): PersistentDisk {
  const size = int(p, spec, 'persistent_disk', { optional: true });
  const type = str(p, spec, 'persistent_disk_type', { optional: true });
  const disks = array(p, spec, 'persistent_disks', { optional: true });
  if (hasKey(spec, 'persistent_disk_pool')) {
    p.add(
      'V1DeprecatedDiskPools',
      '`persistent_disk_pool` is not supported as an `instance_groups` key. Please use `persistent_disk_type` instead.',
    );
  }
  if ([size, type, disks].filter((x) => x !== undefined).length > 1) {
    p.add(
      'InstanceGroupInvalidPersistentDisk',
      `Instance group '${ig}' specifies more than one of the following keys:` +
        " 'persistent_disk', 'persistent_disk_type', and 'persistent_disks'. Choose one.",
    );
    return { kind: 'none' };
  }
  const knownType = (t: string): boolean => cloud === undefined || cloud.diskTypes.some((d) => d.name === t);
  if (size !== undefined) {
    if (size < 0) {
      p.add(
        'InstanceGroupInvalidPersistentDisk',
        `Instance group '${ig}' references an invalid persistent disk size '${size}'`,
      );
    }
    return size > 0 ? { kind: 'size', size } : { kind: 'none' };
  }
  if (type !== undefined) {
    if (!knownType(type)) {
      p.add(
        'InstanceGroupUnknownDiskType',
        `Instance group '${ig}' references an unknown disk type '${type}'`,
      );
    }
    return { kind: 'type', type };
  }
  if (disks === undefined) return { kind: 'none' };
  const names = disks.map((d) => get(d, 'name'));
  if (new Set(names).size !== names.length) {
    p.add(
      'InstanceGroupInvalidPersistentDisk',
      `Instance group '${ig}' persistent_disks's section contains duplicate names`,
    );
  }
  const out: { name: string; type: string }[] = [];
  for (const d of disks) {
    const t = rubyToS(get(d, 'type'));
    const n = rubyToS(get(d, 'name'));
    if (!knownType(t)) {
      p.add(
        'InstanceGroupUnknownDiskType',
        `Instance group '${ig}' persistent_disks's section references an unknown disk type '${t}'`,
      );
    } else if (n.trim() === '') {
      p.add(
        'InstanceGroupInvalidPersistentDisk',
        `Instance group '${ig}' persistent_disks's section contains a disk with no name`,
      );
    } else out.push({ name: n, type: t });
  }
  return { kind: 'disks', disks: out };
}

export function parseGroupNetworks(
  p: Problems,
  spec: YamlValue,
  ig: string,
  cloud: CloudConfig | undefined,
): InstanceGroupNetwork[] {
  const specs = array(p, spec, 'networks');
  if (specs === undefined) return [];
  if (specs.length === 0)
    p.add('JobMissingNetwork', `Instance group '${ig}' must specify at least one network`);
  const out: InstanceGroupNetwork[] = [];
  for (const n of specs) {
    const name = str(p, n, 'name');
    const defaults = (array(p, n, 'default', { optional: true }) ?? []).map(rubyToS);
    let staticIps: string[] | null = null;
    const raw = get(n, 'static_ips');
    if (raw !== undefined && raw !== null) {
      const parsed = parseIpList(raw);
      if ('error' in parsed) p.add('NetworkInvalidIpRangeFormat', parsed.error);
      else {
        staticIps = [];
        for (const ip of expand(parsed.blocks).map(formatIp)) {
          if (staticIps.includes(ip))
            p.add('JobInvalidStaticIPs', `Instance group '${ig}' specifies static IP '${ip}' more than once`);
          else staticIps.push(ip);
        }
      }
    }
    if (name === undefined) continue;
    const net = cloud?.networks.find((x) => x.name === name);
    if (cloud !== undefined && net === undefined) {
      p.add('JobUnknownNetwork', `Instance group '${ig}' references an unknown network '${name}'`);
    } else if (net?.type === 'dynamic' && hasKey(n, 'static_ips')) {
      p.add(
        'JobStaticIPNotSupportedOnDynamicNetwork',
        `Instance group '${ig}' using dynamic network '${name}' cannot specify static IP(s)`,
      );
    } else if (net?.type === 'manual' && staticIps !== null) {
      const all = net.subnets.flatMap((s) => s.static);
      for (const ip of staticIps) {
        if (!all.includes(ip)) {
          p.add(
            'InstanceGroupNetworkInstanceIpMismatch',
            `Instance group '${ig}' with network '${name}' declares static ip '${ip}', which belongs to no subnet`,
          );
        }
      }
    }
    for (const d of defaults) {
      if (!VALID_DEFAULTS.includes(d)) {
        p.add(
          'JobNetworkInvalidDefault',
          `Instance group '${ig}' specified an invalid default network property '${d}', valid properties are: ${REQUIRED_DEFAULTS.join(', ')}`,
        );
      }
    }
    out.push({ name, staticIps, default: defaults });
  }
  if (out.length === 1 && out[0] !== undefined) {
    out[0] = { ...out[0], default: [...new Set([...out[0].default, ...REQUIRED_DEFAULTS])].sort() };
  }
  const multiple = VALID_DEFAULTS.map(
    (prop) => [prop, out.filter((n) => n.default.includes(prop))] as const,
  ).filter(([, nets]) => nets.length > 1);
  if (multiple.length > 0) {
    p.add(
      'JobNetworkMultipleDefaults',
      `Instance group '${ig}' specified more than one network to contain default. ` +
        multiple
          .map(
            ([prop, nets]) => `'${prop}' has default networks: ${nets.map((x) => `'${x.name}'`).join(', ')}.`,
          )
          .join(' '),
    );
  } else if (out.length > 1) {
    const missing = REQUIRED_DEFAULTS.filter((d) => !out.some((n) => n.default.includes(d)));
    if (missing.length > 0) {
      p.add(
        'JobNetworkMissingDefault',
        `Instance group '${ig}' must specify which network is default for ${missing.join(', ')}, since it has more than one network configured`,
      );
    }
  }
  return out;
}

export function parseGroupAzs(
  p: Problems,
  spec: YamlValue,
  ig: string,
  nets: readonly InstanceGroupNetwork[],
  cloud: CloudConfig | undefined,
) {
  const azs = array(p, spec, 'azs', { optional: true });
  const names = azs?.map(rubyToS) ?? null;
  for (const n of nets) {
    const net = cloud?.networks.find((x) => x.name === n.name);
    if (net !== undefined && !networkHasAzs(net, names)) {
      p.add(
        'JobNetworkMissingRequiredAvailabilityZone',
        `Instance group '${ig}' must specify availability zone that matches availability zones of network '${n.name}'`,
      );
    }
  }
  if (azs === undefined) return null;
  if (azs.length === 0)
    p.add('JobMissingAvailabilityZones', `Instance group '${ig}' has empty availability zones`);
  for (const az of azs) {
    if (typeof az !== 'string') {
      p.add(
        'JobInvalidAvailabilityZone',
        `Instance group '${ig}' has invalid availability zone '${rubyToS(az)}', string expected`,
      );
    } else if (cloud !== undefined && !cloud.azs.some((a) => a.name === az)) {
      p.add(
        'JobUnknownAvailabilityZone',
        `Instance group '${ig}' references unknown availability zone '${az}'`,
      );
    }
  }
  return names;
}
