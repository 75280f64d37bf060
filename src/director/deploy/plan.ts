/** The planner as the deploy job uses it. */
import type { CloudConfig, DeploymentManifest, InstanceGroup } from '../../core/manifest/types.js';
import { desiredGroup } from '../../core/planner/desired.js';
import type { Resolved } from './prepare.js';

export { planDeployment } from '../../core/planner/index.js';
export type { InstancePlan } from '../../core/planner/index.js';
export type { Batch } from '../../core/update/plan.js';

export const desiredGroupOf = (
  g: InstanceGroup,
  r: Resolved,
  manifest: DeploymentManifest,
  cloudConfig: CloudConfig,
) =>
  desiredGroup(g, {
    manifest,
    cloudConfig,
    stemcells: Object.fromEntries(
      [...r.stemcells].map(([k, s]) => [k, { name: s.name, version: s.version }]),
    ),
    releases: Object.fromEntries([...r.releases].map(([k, v]) => [k, v.version])),
  });
