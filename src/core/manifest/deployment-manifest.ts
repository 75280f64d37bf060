import type { YamlValue } from '../../base/yaml/value.js';
import { parseAddons } from './addons.js';
import { canonicalize } from './cloud-networks.js';
import { parseInstanceGroup } from './instance-group-spec.js';
import { Problems } from './problems.js';
import { parseFeatures, parseReleases, parseStemcell, parseVariables } from './releases-variables.js';
import { array, get, hash, hasKey, str } from './safe-property.js';
import type { CloudConfig, DeploymentManifest, InstanceGroup, Parsed, Stemcell } from './types.js';
import { parseUpdateConfig } from './update-config.js';

const EMPTY = new Map<never, never>();

/** `ManifestValidator#validate`: sections a v2 manifest may not have. */
function validateSections(p: Problems, m: YamlValue): void {
  for (const key of ['vm_types', 'azs', 'disk_types', 'compilation']) {
    if (hasKey(m, key)) {
      p.add(
        'DeploymentInvalidProperty',
        `Deployment manifest contains '${key}' section, but this can only be set in a cloud-config.`,
      );
    }
  }
  const v1: readonly [
    string,
    'V1DeprecatedNetworks' | 'V1DeprecatedDiskPools' | 'V1DeprecatedJob' | 'V1DeprecatedResourcePools',
    string,
  ][] = [
    [
      'networks',
      'V1DeprecatedNetworks',
      "Deployment 'networks' are no longer supported. Network definitions must now be provided in a cloud-config.",
    ],
    [
      'disk_pools',
      'V1DeprecatedDiskPools',
      'disk_pools is no longer supported. Disk definitions must now be provided as disk_types in a cloud-config',
    ],
    ['jobs', 'V1DeprecatedJob', 'Jobs are no longer supported, please use instance groups instead'],
    [
      'resource_pools',
      'V1DeprecatedResourcePools',
      'resource_pools is no longer supported. You must now define resources in a cloud-config',
    ],
  ];
  for (const [key, kind, message] of v1) if (hasKey(m, key)) p.add(kind, message);
  if (hasKey(m, 'properties'))
    p.warn("Global 'properties' are deprecated. Please define 'properties' at the job level.");
}

/**
 * A deployment manifest v2 (already interpolated), checked as `PlannerFactory` does; with a cloud config
 * its references (vm types, networks, AZs, disk types, static IPs) are checked too.
 */
export function parseDeploymentManifest(
  manifest: YamlValue,
  cloud?: CloudConfig,
): Parsed<DeploymentManifest> {
  const p = new Problems();
  validateSections(p, manifest);
  const name = str(p, manifest, 'name');
  const stemcells: Stemcell[] = [];
  for (const s of array(p, manifest, 'stemcells', { optional: true }) ?? []) {
    if (str(p, s, 'alias') === undefined) continue;
    const stemcell = parseStemcell(p, s);
    if (stemcell === undefined) continue;
    if (stemcells.some((o) => o.alias === stemcell.alias)) {
      p.add('StemcellAliasAlreadyExists', `Duplicate stemcell alias '${stemcell.alias ?? ''}'`);
    } else stemcells.push(stemcell);
  }
  const properties = hash(p, manifest, 'properties', { optional: true }) ?? EMPTY;
  if (hasKey(manifest, 'release') && hasKey(manifest, 'releases')) {
    p.add(
      'DeploymentAmbiguousReleaseSpec',
      "Deployment manifest contains both 'release' and 'releases' sections, please use one of the two.",
    );
  }
  const releases = parseReleases(p, manifest, false);
  const updateSpec = hash(p, manifest, 'update');
  const update = updateSpec === undefined ? undefined : parseUpdateConfig(p, updateSpec);
  const variables = parseVariables(p, get(manifest, 'variables'));
  const features = parseFeatures(p, get(manifest, 'features'));
  const ctx = { releases, stemcells, update, cloud, useTmpfsConfig: features.useTmpfsConfig };
  const instanceGroups: InstanceGroup[] = [];
  for (const spec of array(p, manifest, 'instance_groups', { optional: true }) ?? []) {
    const group = update === undefined ? undefined : parseInstanceGroup(p, spec, ctx);
    if (group !== undefined) instanceGroups.push(group);
  }
  const canonical = new Set<string>();
  for (const g of instanceGroups) {
    if (canonical.has(canonicalize(g.name))) {
      p.add(
        'DeploymentCanonicalJobNameTaken',
        `Invalid instance group name '${g.name}', canonical name already taken`,
      );
    }
    canonical.add(canonicalize(g.name));
  }
  const addons = parseAddons(p, manifest, releases, 'deployment');
  const tags = hash(p, manifest, 'tags', { optional: true }) ?? EMPTY;
  p.check();
  if (name === undefined || update === undefined)
    throw new Error('unreachable: manifest without problems but no value');
  const value = {
    name,
    releases,
    stemcells,
    update,
    instanceGroups,
    variables,
    features,
    tags,
    properties,
    addons,
  };
  return { value, warnings: p.warnings };
}
