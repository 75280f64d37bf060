/** The planner as the deploy job uses it: its desired side made from what the director resolved. */
import type { InstanceGroup } from '../../core/manifest/types.js';
import { desiredGroup } from '../../core/planner/desired.js';
import type { DesiredDeployment } from '../../core/planner/index.js';
import type { Resolved } from './prepare.js';

export { planDeployment } from '../../core/planner/index.js';
export type { InstancePlan } from '../../core/planner/index.js';

/** The manifest, cloud config, stemcells and release versions of a resolved deployment, as the planner takes them. */
export const desiredDeployment = (r: Resolved): DesiredDeployment => ({
  manifest: r.manifest,
  cloudConfig: r.cloudConfig,
  stemcells: Object.fromEntries([...r.stemcells].map(([k, s]) => [k, { name: s.name, version: s.version }])),
  releases: Object.fromEntries([...r.releases].map(([k, v]) => [k, v.version])),
  ...(r.propertiesDigests === undefined ? {} : { propertiesDigests: r.propertiesDigests }),
});

export const desiredGroupOf = (g: InstanceGroup, r: Resolved) => desiredGroup(g, desiredDeployment(r));
