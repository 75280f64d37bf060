import type { YamlValue } from '../../base/yaml/value.js';
import type { BoshErrorKind } from '../errors.js';
import { networkHasAzs, parseNetworks } from './cloud-networks.js';
import { Problems } from './problems.js';
import { array, bool, duplicates, hash, int, str } from './safe-property.js';
import type {
  CloudConfig,
  CompilationConfig,
  DiskType,
  NamedCloudProperties,
  Network,
  Parsed,
} from './types.js';

const EMPTY = new Map<never, never>();

function named(p: Problems, spec: YamlValue): NamedCloudProperties | undefined {
  const name = str(p, spec, 'name');
  const cloudProperties = hash(p, spec, 'cloud_properties', { optional: true }) ?? EMPTY;
  return name === undefined ? undefined : { name, cloudProperties };
}

function list<T extends { name: string }>(
  p: Problems,
  cloud: YamlValue,
  key: string,
  parse: (spec: YamlValue) => T | undefined,
  /** The problem for a duplicate name, and what the message calls the entries. */
  duplicate: readonly [kind: BoshErrorKind, what: string],
): T[] {
  const out = (array(p, cloud, key, { optional: true }) ?? []).flatMap((s) => parse(s) ?? []);
  const [dup] = duplicates(out.map((x) => x.name));
  if (dup !== undefined) p.add(duplicate[0], `Duplicate ${duplicate[1]} name '${dup}'`);
  return out;
}

function parseDiskType(p: Problems, spec: YamlValue): DiskType | undefined {
  const base = named(p, spec);
  const diskSize = int(p, spec, 'disk_size');
  if (diskSize !== undefined && diskSize < 0) {
    p.add(
      'DiskTypeInvalidDiskSize',
      `Disk types '${base?.name ?? ''}' references an invalid persistent disk size '${diskSize}'`,
    );
  }
  return base === undefined || diskSize === undefined ? undefined : { ...base, diskSize };
}

function parseCompilation(
  p: Problems,
  cloud: YamlValue,
  azs: readonly string[],
  vmTypes: readonly string[],
  vmExtensions: readonly string[],
  networks: readonly Network[],
): CompilationConfig | undefined {
  const spec = hash(p, cloud, 'compilation');
  if (spec === undefined) return undefined;
  const workers = int(p, spec, 'workers', { min: 1 });
  const network = str(p, spec, 'network');
  const orphanWorkers = bool(p, spec, 'orphan_workers', { optional: true }) ?? false;
  const reuseCompilationVms = bool(p, spec, 'reuse_compilation_vms', { optional: true }) ?? false;
  const cloudProperties = hash(p, spec, 'cloud_properties', { optional: true }) ?? EMPTY;
  const env = hash(p, spec, 'env', { optional: true }) ?? EMPTY;
  const az = str(p, spec, 'az', { optional: true }) ?? null;
  if (az !== null && !azs.includes(az)) {
    p.add(
      'CompilationConfigInvalidAvailabilityZone',
      `Compilation config references unknown az '${az}'. Known azs are: [${azs.join(', ')}]`,
    );
  }
  const vmType = str(p, spec, 'vm_type', { optional: true }) ?? null;
  const vmResources = hash(p, spec, 'vm_resources', { optional: true }) ?? null;
  if ([vmType, vmResources, spec.has('cloud_properties') ? 1 : null].filter((x) => x !== null).length > 1) {
    p.add(
      'CompilationConfigBadVmConfiguration',
      "Compilation config specifies more than one of 'vm_type', 'vm_resources', or 'cloud_properties', only one is allowed.",
    );
  }
  if (vmType !== null && !vmTypes.includes(vmType)) {
    p.add(
      'CompilationConfigInvalidVmType',
      `Compilation config references unknown vm type '${vmType}'. Known vm types are: ${vmTypes.join(', ')}`,
    );
  }
  const exts = (array(p, spec, 'vm_extensions', { optional: true }) ?? []).map(String);
  for (const ext of exts) {
    if (!vmExtensions.includes(ext)) {
      p.add(
        'CompilationConfigInvalidVmExtension',
        `Compilation config references unknown vm extension '${ext}'. Known vm extensions are: ${vmExtensions.join(', ')}`,
      );
    } else if (vmType === null && vmResources === null) {
      p.add(
        'CompilationConfigBadVmConfiguration',
        `Compilation config is using vm extension '${ext}' and must configure a vm type or vm_resources block.`,
      );
    }
  }
  if (network !== undefined) {
    const net = networks.find((n) => n.name === network);
    if (net === undefined) {
      p.add(
        'CompilationConfigUnknownNetwork',
        `Compilation config references an unknown network '${network}'`,
      );
    } else if (!networkHasAzs(net, az === null ? null : [az])) {
      p.add(
        'JobNetworkMissingRequiredAvailabilityZone',
        `Compilation config refers to az '${az ?? ''}' but network '${network}' has no matching subnet(s).`,
      );
    }
  }
  if (workers === undefined || network === undefined) return undefined;
  const base = { workers, network, az, vmType, vmResources, vmExtensions: exts, cloudProperties, env };
  return { ...base, reuseCompilationVms, orphanWorkers };
}

/** Collects a cloud config's problems into `p` (for callers merging several documents). */
export function collectCloudConfig(p: Problems, cloud: YamlValue): CloudConfig | undefined {
  const azs = list(
    p,
    cloud,
    'azs',
    (s) => {
      const base = named(p, s);
      const cpi = str(p, s, 'cpi', { optional: true }) ?? null;
      return base === undefined ? undefined : { ...base, cpi };
    },
    ['DeploymentDuplicateAvailabilityZoneName', 'az'],
  );
  const azNames = azs.map((a) => a.name);
  const networks = parseNetworks(p, cloud, azNames);
  const vmTypes = list(p, cloud, 'vm_types', (s) => named(p, s), [
    'DeploymentDuplicateVmTypeName',
    'vm type',
  ]);
  const vmExtensions = list(p, cloud, 'vm_extensions', (s) => named(p, s), [
    'DeploymentDuplicateVmExtensionName',
    'vm extension',
  ]);
  const diskTypes = list(p, cloud, 'disk_types', (s) => parseDiskType(p, s), [
    'DeploymentDuplicateDiskTypeName',
    'disk type',
  ]);
  const names = (xs: readonly { name: string }[]): string[] => xs.map((x) => x.name);
  const compilation = parseCompilation(p, cloud, azNames, names(vmTypes), names(vmExtensions), networks);
  return compilation === undefined
    ? undefined
    : { azs, networks, vmTypes, vmExtensions, diskTypes, compilation };
}

/** `CloudManifestParser#parse`: a cloud config, or a ManifestError listing every problem. */
export function parseCloudConfig(cloud: YamlValue): Parsed<CloudConfig> {
  const p = new Problems();
  const value = collectCloudConfig(p, cloud);
  p.check();
  if (value === undefined) throw new Error('unreachable: cloud config without problems but no value');
  return { value, warnings: p.warnings };
}
