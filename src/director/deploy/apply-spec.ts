/** The apply spec an instance's agent gets (`InstanceSpec#as_apply_spec`): its packages and job block. */
import type { YamlMap } from '../../base/yaml/value.js';
import { BoshError } from '../../core/errors.js';
import type { InstanceGroup } from '../../core/manifest/types.js';
import type { StemcellPackageUse } from '../compile/types.js';
import type { JobRecord, ReleaseVersionRecord } from '../../ports/director-release-store.js';
import { plainYaml } from '../config/plain-yaml.js';

export const plain = (map: YamlMap): Record<string, unknown> => plainYaml(map) as Record<string, unknown>;

/**
 * A manifest job's release version and job record. A missing job is BOSH's ReleaseMissingJob: the links check of a
 * deploy meets it first (render-links.ts), so every later lookup fails, if ever, with the same code and text.
 */
export function releaseJob(
  releases: ReadonlyMap<string, ReleaseVersionRecord>,
  job: { readonly name: string; readonly release: string },
): { readonly release: ReleaseVersionRecord; readonly record: JobRecord } {
  const release = releases.get(job.release);
  const record = release?.jobs.find((j) => j.name === job.name);
  if (release === undefined || record === undefined)
    throw new BoshError('ReleaseMissingJob', `Job '${job.name}' not found in release '${job.release}'`);
  return { release, record };
}

/** The group's packages (its jobs' packages and their dependencies), compiled for the group's stemcell. */
export function groupPackages(
  group: InstanceGroup,
  releases: ReadonlyMap<string, ReleaseVersionRecord>,
  compiled: readonly StemcellPackageUse[],
  stemcellId: number,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  const add = (release: string, name: string): void => {
    if (out[name] !== undefined) return;
    const use = compiled.find(
      (c) => c.stemcellId === stemcellId && c.releaseName === release && c.package.name === name,
    );
    if (use === undefined) throw new BoshError('DirectorError', `Package '${name}' is not compiled`);
    out[name] = {
      name,
      version: `${use.package.version}.${String(use.compiled.build)}`,
      sha1: use.compiled.sha1,
      blobstore_id: use.compiled.blobstoreId,
    };
    for (const dep of use.package.dependencies) add(release, dep);
  };
  for (const job of group.jobs) {
    for (const name of releaseJob(releases, job).record.packageNames) add(job.release, name);
  }
  return out;
}

export function jobBlock(group: InstanceGroup, releases: ReadonlyMap<string, ReleaseVersionRecord>) {
  const templates = group.jobs.map((job) => {
    const { record } = releaseJob(releases, job);
    return {
      name: job.name,
      version: record.fingerprint,
      sha1: record.sha1,
      blobstore_id: record.blobstoreId,
    };
  });
  return { name: group.name, templates };
}
