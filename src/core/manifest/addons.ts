import type { YamlValue } from '../../base/yaml/value.js';
import type { Problems } from './problems.js';
import { rubyInspect, rubyToS } from '../../base/ruby-inspect.js';
import { array, hash, str } from './safe-property.js';
import type { Addon, AddonFilter, AddonJob, Release } from './types.js';

const EMPTY = new Map<never, never>();
export type AddonLevel = 'runtime' | 'deployment';

function parseFilter(
  p: Problems,
  spec: YamlValue | undefined,
  type: string,
  level: AddonLevel,
): AddonFilter | null {
  if (spec === undefined) return null;
  const list = (key: string): readonly YamlValue[] => array(p, spec, key, { optional: true }) ?? [];
  const deployments = list('deployments').map(rubyToS);
  if (level === 'deployment' && deployments.length > 0) {
    p.add('AddonDeploymentFilterNotAllowed', 'Deployment filter is not allowed for deployment level addons.');
  }
  const jobs = list('jobs').map((j) => {
    const name = str(p, j, 'name', { optional: true }) ?? '';
    const release = str(p, j, 'release', { optional: true }) ?? '';
    if (name === '' || release === '') {
      p.add(
        'AddonIncompleteFilterJobSection',
        `Job ${rubyInspect(j)} in ${level} config's ${type} section must have both name and release.`,
      );
    }
    return { name, release };
  });
  const stemcellOs = list('stemcell').map((s) => {
    const os = str(p, s, 'os', { optional: true }) ?? '';
    if (os === '') {
      p.add(
        'AddonIncompleteFilterStemcellSection',
        `Stemcell ${rubyInspect(s)} in ${level} config's ${type} section must have an os name.`,
      );
    }
    return os;
  });
  return {
    deployments,
    jobs,
    instanceGroups: list('instance_groups').map(rubyToS),
    stemcellOs,
    networks: list('networks').map(rubyToS),
    teams: list('teams').map(rubyToS),
    azs: list('azs').map(rubyToS),
    lifecycle: str(p, spec, 'lifecycle', { optional: true }) ?? '',
  };
}

/** `Addon::Parser#parse`: `addons` of a runtime config or a deployment manifest. */
export function parseAddons(
  p: Problems,
  manifest: YamlValue,
  releases: readonly Release[],
  level: AddonLevel,
): Addon[] {
  const out: Addon[] = [];
  for (const spec of array(p, manifest, 'addons', { optional: true }) ?? []) {
    const name = str(p, spec, 'name');
    const jobs: AddonJob[] = [];
    for (const j of array(p, spec, 'jobs', { optional: true }) ?? []) {
      const jobName = str(p, j, 'name');
      const release = str(p, j, 'release');
      const provides = hash(p, j, 'provides', { optional: true }) ?? EMPTY;
      const consumes = hash(p, j, 'consumes', { optional: true }) ?? EMPTY;
      const properties = hash(p, j, 'properties', { optional: true }) ?? null;
      if (jobName !== undefined && release !== undefined)
        jobs.push({ name: jobName, release, provides, consumes, properties });
    }
    const include = parseFilter(p, hash(p, spec, 'include', { optional: true }), 'include', level);
    const exclude = parseFilter(p, hash(p, spec, 'exclude', { optional: true }), 'exclude', level);
    const properties = hash(p, spec, 'properties', { optional: true }) ?? EMPTY;
    for (const job of jobs) {
      if (!releases.some((r) => r.name === job.release)) {
        p.add(
          'AddonReleaseNotListedInReleases',
          `Manifest specifies job '${job.name}' which is defined in '${job.release}', but '${job.release}' is not listed in the ${level} releases section.`,
        );
      }
    }
    if (name !== undefined) out.push({ name, jobs, properties, include, exclude });
  }
  return out;
}
