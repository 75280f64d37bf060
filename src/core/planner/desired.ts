/** What one instance of a group should look like: the values BOSH's change detection compares. */
import { recursiveMerge } from '../../base/yaml/merge.js';
import { deepEqual, type YamlMap, type YamlValue } from '../../base/yaml/value.js';
import { BoshError } from '../errors.js';
import type { InstanceGroup, JobSpec } from '../manifest/types.js';
import type { DesiredDeployment, StemcellRef } from './types.js';

export interface DesiredDisk {
  readonly name: string;
  readonly size: number;
  readonly cloudProperties: YamlMap;
}

export interface DesiredGroup {
  readonly stemcell: StemcellRef;
  readonly env: YamlMap;
  readonly jobs: Readonly<Record<string, string>>;
  readonly packages: Readonly<Record<string, string>> | undefined;
  readonly configurationHash: string | undefined;
  readonly properties: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly disks: readonly DesiredDisk[];
  readonly cloudProperties: (az: string | null) => YamlMap;
}

const scalarText = (v: YamlValue): string =>
  typeof v === 'string' ? JSON.stringify(v) : typeof v === 'bigint' ? `${v}` : JSON.stringify(v);

/** A canonical text of a value (map keys sorted) that two equal property trees share. */
export function canonical(v: YamlValue): string {
  if (v instanceof Map) {
    const entries = [...v.entries()].map(([k, x]) => `${scalarText(k)}:${canonical(x)}`);
    return `{${entries.sort().join(',')}}`;
  }
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object' && v !== null) return `f${v.value}`;
  return scalarText(v);
}

/**
 * A job's properties as written (no variables resolved, no spec defaults): its own, else the group's merged over the
 * deprecated global ones (deeply). What the planner digests, the renderer interpolates and the link parser reads.
 */
export const jobProperties = (global: YamlMap, group: InstanceGroup, job: JobSpec): YamlMap =>
  job.properties ?? recursiveMerge(global, group.properties);

/** The digest `AppliedSpec.properties` holds: the group's and its jobs' properties. */
export function propertiesDigest(group: InstanceGroup, global: YamlMap): string {
  const jobs = group.jobs.map((j) => `${j.name}=${canonical(jobProperties(global, group, j))}`);
  return jobs.join(';');
}

const tagsOf = (map: YamlMap): Record<string, string> =>
  Object.fromEntries(
    [...map.entries()].map(([k, v]) => [
      typeof k === 'string' ? k : canonical(k),
      typeof v === 'string' ? v : canonical(v),
    ]),
  );

export const sameTags = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean =>
  canonicalRecord(a) === canonicalRecord(b);

export const canonicalRecord = (r: Readonly<Record<string, string>>): string =>
  JSON.stringify(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)));

function disksOf(group: InstanceGroup, desired: DesiredDeployment): DesiredDisk[] {
  const empty: YamlMap = new Map();
  const typed = (name: string, type: string): DesiredDisk => {
    const t = desired.cloudConfig.diskTypes.find((d) => d.name === type);
    if (!t) throw new BoshError('DirectorError', `Unknown disk type '${type}'`);
    return { name, size: t.diskSize, cloudProperties: t.cloudProperties };
  };
  const pd = group.persistentDisk;
  if (pd.kind === 'size') return pd.size > 0 ? [{ name: '', size: pd.size, cloudProperties: empty }] : [];
  if (pd.kind === 'type') return [typed('', pd.type)];
  if (pd.kind === 'disks') return pd.disks.map((d) => typed(d.name, d.type));
  return [];
}

export function desiredGroup(group: InstanceGroup, desired: DesiredDeployment): DesiredGroup {
  const { manifest, cloudConfig } = desired;
  const stemcell = desired.stemcells[group.stemcell];
  if (!stemcell) throw new BoshError('DirectorError', `Stemcell '${group.stemcell}' is not resolved`);
  const none: YamlMap = new Map();
  const vmType = cloudConfig.vmTypes.find((v) => v.name === group.vmType)?.cloudProperties ?? none;
  const extensions = group.vmExtensions.map(
    (e) => cloudConfig.vmExtensions.find((x) => x.name === e)?.cloudProperties ?? none,
  );
  return {
    stemcell,
    env: group.env,
    jobs: Object.fromEntries(
      group.jobs.map((j) => [j.name, `${j.release}/${desired.releases[j.release] ?? '?'}`]),
    ),
    packages: desired.packages?.[group.name],
    configurationHash: desired.configurationHashes?.[group.name],
    properties: desired.propertiesDigests?.[group.name] ?? propertiesDigest(group, manifest.properties),
    tags: tagsOf(recursiveMerge(manifest.tags, group.tags)),
    disks: disksOf(group, desired),
    cloudProperties: (az) => {
      const azProps = cloudConfig.azs.find((a) => a.name === az)?.cloudProperties ?? none;
      return [vmType, ...extensions].reduce<YamlMap>((acc, m) => recursiveMerge(acc, m), azProps);
    },
  };
}

export const sameMap = (a: YamlMap, b: YamlMap): boolean => deepEqual(a, b);
