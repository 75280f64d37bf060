/**
 * The run an action on a deployment (an errand, start/stop/recreate --no-converge) works in, made as a deploy makes
 * it: the deployed variable set opened (never a new deploy's), the groups' properties digests taken with its
 * values, the links (given, else resolved when it first renders), and the deployment's instances as stored.
 */
import type { DeploymentLinks } from '../../core/links/index.js';
import type { DeploymentState } from '../../ports/director-store.js';
import type { CompileCpi } from '../compile/types.js';
import { DeploymentRun } from '../orchestrator/deployment-run.js';
import { withPropertiesDigests } from '../orchestrator/render-properties.js';
import type { TaskContext } from '../tasks/task-context.js';
import type { Resolved } from './prepare.js';
import type { DeployDeps } from './types.js';
import { openVariableSet } from './variable-sets.js';

export interface RunSetup {
  readonly r: Resolved;
  /** The deployment as stored, with its instances. */
  readonly deployment: DeploymentState;
  /** Undefined: the run resolves them when it first renders. */
  readonly links?: DeploymentLinks | undefined;
}

export async function openDeploymentRun(
  deps: DeployDeps,
  ctx: TaskContext,
  cpi: CompileCpi,
  s: RunSetup,
): Promise<DeploymentRun> {
  const varSet = await openVariableSet(deps, s.r, s.deployment, {
    deploy: false,
    forceLatestVariables: false,
    now: ctx.now(),
  });
  const resolved = await withPropertiesDigests(deps, s.r, s.deployment, varSet);
  const run = new DeploymentRun(deps, ctx, cpi, resolved, s.deployment, varSet);
  run.links = s.links;
  run.load(s.deployment.instances);
  return run;
}
