import type { YamlValue } from '../../base/yaml/value.js';
import {
  parseDisk,
  parseGroupAzs,
  parseGroupNetworks,
  parseJobs,
  type GroupContext,
} from './instance-group.js';
import type { Problems } from './problems.js';
import { rubyToS } from '../../base/ruby-inspect.js';
import { array, get, hash, hasKey, int, str } from './safe-property.js';
import type { InstanceGroup, Lifecycle, MigratedFrom } from './types.js';
import { withTmpfsConfig } from './tmpfs-env.js';
import { parseUpdateConfig } from './update-config.js';

const EMPTY = new Map<never, never>();
const LIFECYCLES: readonly Lifecycle[] = ['service', 'errand'];
/** `InstanceGroup::VALID_STATES`, in BOSH's order (error texts list them so). */
export const VALID_STATES: readonly string[] = ['started', 'stopped', 'detached', 'recreate', 'restart'];

/** BOSH's text for a state of a group (`target` its name) or of one of its instances (`<group>/<key>`). */
export const invalidStateMessage = (state: string, target: string): string =>
  `Invalid state '${state}' for '${target}', valid states are: ${VALID_STATES.join(', ')}`;

/** `InstanceGroupSpecParser#parse`: one entry of `instance_groups`. */
export function parseInstanceGroup(
  p: Problems,
  spec: YamlValue,
  ctx: GroupContext,
): InstanceGroup | undefined {
  const name = str(p, spec, 'name');
  if (name === undefined) return undefined;
  const lifecycle = str(p, spec, 'lifecycle', { optional: true }) ?? 'service';
  if (!(LIFECYCLES as readonly string[]).includes(lifecycle)) {
    p.add(
      'JobInvalidLifecycle',
      `Invalid lifecycle '${lifecycle}' for '${name}', valid lifecycle profiles are: ${LIFECYCLES.join(', ')}`,
    );
  }
  if (hasKey(spec, 'template') || hasKey(spec, 'templates')) {
    p.add(
      'V1DeprecatedTemplate',
      `Instance group '${name}' specifies template or templates. This is no longer supported, please use jobs instead`,
    );
  }
  const hasJobs = get(spec, 'jobs') !== undefined && get(spec, 'jobs') !== null;
  if (!hasJobs) p.add('ValidationMissingField', `Instance group '${name}' does not specify jobs key`);
  const jobs = hasJobs ? parseJobs(p, spec, name, ctx) : [];
  const persistentDisk = parseDisk(p, spec, name, ctx.cloud);
  const stemcell = str(p, spec, 'stemcell');
  if (stemcell !== undefined && !ctx.stemcells.some((s) => s.alias === stemcell)) {
    p.add(
      'InstanceGroupUnknownStemcell',
      `Instance group '${name}' references an unknown stemcell '${stemcell}'`,
    );
  }
  if (hasKey(spec, 'resource_pool')) {
    p.add(
      'V1DeprecatedResourcePool',
      "Instance groups no longer support resource_pool, please use 'vm_type' or 'vm_resources' keys",
    );
  }
  const vmType = str(p, spec, 'vm_type', { optional: true }) ?? null;
  const vmResources = hash(p, spec, 'vm_resources', { optional: true }) ?? null;
  if (vmType === null && vmResources === null) {
    p.add(
      'InstanceGroupBadVmConfiguration',
      `Instance group '${name}' is missing either 'vm_type' or 'vm_resources' section.`,
    );
  } else if (vmType !== null && vmResources !== null) {
    p.add(
      'InstanceGroupBadVmConfiguration',
      `Instance group '${name}' can only specify 'vm_type' or 'vm_resources' keys.`,
    );
  } else if (
    vmType !== null &&
    ctx.cloud !== undefined &&
    !ctx.cloud.vmTypes.some((t) => t.name === vmType)
  ) {
    p.add('InstanceGroupUnknownVmType', `Instance group '${name}' references an unknown vm type '${vmType}'`);
  }
  const vmExtensions = (array(p, spec, 'vm_extensions', { optional: true }) ?? []).map(rubyToS);
  for (const ext of vmExtensions) {
    if (ctx.cloud !== undefined && !ctx.cloud.vmExtensions.some((e) => e.name === ext)) {
      p.add('DirectorError', `The vm_extension '${ext}' has not been configured in cloud-config.`);
    }
  }
  const env = withTmpfsConfig(hash(p, spec, 'env', { optional: true }) ?? EMPTY, ctx.useTmpfsConfig);
  const update = parseUpdateConfig(p, hash(p, spec, 'update', { optional: true }) ?? EMPTY, ctx.update);
  const networks = parseGroupNetworks(p, spec, name, ctx.cloud);
  const azs = parseGroupAzs(p, spec, name, networks, ctx.cloud);
  const migratedFrom: MigratedFrom[] = [];
  for (const m of array(p, spec, 'migrated_from', { optional: true }) ?? []) {
    const from = str(p, m, 'name');
    const az = str(p, m, 'az', { optional: true }) ?? null;
    if (az !== null && !(azs ?? []).includes(az)) {
      p.add(
        'DeploymentInvalidMigratedFromJob',
        `Instance group '${from ?? ''}' specified for migration to instance group '${name}' refers to availability zone '${az}'. ` +
          `Az '${az}' is not in the list of availability zones of instance group '${name}'.`,
      );
    }
    if (from !== undefined) migratedFrom.push({ name: from, az });
  }
  const state = str(p, spec, 'state', { optional: true }) ?? null;
  if (state !== null && !VALID_STATES.includes(state))
    p.add('InstanceGroupInvalidState', invalidStateMessage(state, name));
  const instances = int(p, spec, 'instances');
  for (const n of networks) {
    if (instances !== undefined && n.staticIps !== null && n.staticIps.length !== instances) {
      p.add(
        'InstanceGroupNetworkInstanceIpMismatch',
        `Instance group '${name}' has ${instances} instances but was allocated ${n.staticIps.length} static IPs in network '${n.name}'`,
      );
    }
  }
  const tags = hash(p, spec, 'tags', { optional: true }) ?? EMPTY;
  const properties = hash(p, spec, 'properties', { optional: true }) ?? EMPTY;
  if (stemcell === undefined || instances === undefined || update === undefined) return undefined;
  const vm = {
    vmType,
    vmResources,
    vmExtensions,
    stemcell,
    persistentDisk,
    networks,
    env,
    properties,
    update,
  };
  return {
    name,
    lifecycle: lifecycle === 'errand' ? 'errand' : 'service',
    azs,
    instances,
    jobs,
    ...vm,
    migratedFrom,
    state,
    tags,
  };
}
