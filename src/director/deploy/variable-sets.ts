/**
 * The deployment's variable sets over a deploy, as `Jobs::UpdateDeployment` keeps them: a deploy starts a new
 * writable set (`add_variable_set`) and generates the manifest's `variables:` into it (`generate_values`); once
 * it succeeds the instances record the set, it is marked deployed (`persist_variable_set`) and the sets no instance
 * uses are removed (`remove_unused_variable_sets`); succeeded or not, it is locked (`lock_variable_set`), so
 * later start, stop or recreate read exactly the versions it recorded.
 */
import type { InstancePlan } from '../../core/planner/index.js';
import type { DeploymentRecord, VariableRepo, VariableSetRecord } from '../../ports/director-store.js';
import { generateDeploymentValues, variableSpecsOf } from '../config-server/index.js';
import type { Resolved } from './prepare.js';
import { variablesDeps, type DeployDeps } from './types.js';

export interface OpenOptions {
  /** A deploy (POST /deployments); otherwise an action on what is deployed. */
  readonly deploy: boolean;
  /** `--force-latest-variables`: on-stemcell-change variables move to their newest version too. */
  readonly forceLatestVariables: boolean;
  readonly now: number;
}

/**
 * BOSH's `desired_variable_set` of what is deployed: the last successfully deployed set, else the newest; undefined
 * when the deployment has none.
 */
export async function deployedVariableSet(
  repo: VariableRepo,
  deploymentId: number,
): Promise<VariableSetRecord | undefined> {
  const sets = await repo.sets(deploymentId);
  return sets.find((s) => s.deployedSuccessfully) ?? sets[0];
}

/**
 * The set this run interpolates with. A deploy: a new writable one, the manifest's variables generated into it.
 * Another action: the last successfully deployed set (else the newest; a first one if there is none), BOSH's
 * `desired_variable_set` of existing instances.
 */
export async function openVariableSet(
  deps: DeployDeps,
  r: Resolved,
  deployment: DeploymentRecord,
  o: OpenOptions,
): Promise<VariableSetRecord> {
  const repo = deps.store.variables;
  if (!o.deploy)
    return (
      (await deployedVariableSet(repo, deployment.id)) ??
      (await repo.createSet({ deploymentId: deployment.id, createdAt: o.now, writable: true }))
    );
  const set = await repo.createSet({ deploymentId: deployment.id, createdAt: o.now, writable: true });
  const vars = variablesDeps(deps);
  if (vars !== undefined) {
    await generateDeploymentValues(vars, deployment, variableSpecsOf(r.manifest.variables), {
      convergeVariables: r.manifest.features.convergeVariables,
      stemcellChange: o.forceLatestVariables || (await allStemcellsChange(deps, r, deployment)),
    });
  }
  return set;
}

/** BOSH's `all_stemcell_versions_changed`: none of the deployment's stemcells is one the manifest uses. */
async function allStemcellsChange(
  deps: DeployDeps,
  r: Resolved,
  deployment: DeploymentRecord,
): Promise<boolean> {
  const current = (await deps.store.deployments.list()).find((d) => d.id === deployment.id)?.stemcells ?? [];
  const planned = [...r.stemcells.values()];
  return !current.some((c) => planned.some((p) => p.name === c.name && p.version === c.version));
}

/**
 * After a successful deploy: every instance it kept (updated or unchanged, not ignored) now runs with the set's
 * values; the set is the last successful one; sets no instance uses any more are deleted.
 */
export async function finishVariableSet(
  deps: DeployDeps,
  set: VariableSetRecord,
  instances: readonly InstancePlan[],
  instanceIds: ReadonlyMap<string, number>,
): Promise<void> {
  const { store } = deps;
  for (const p of instances) {
    const id = instanceIds.get(p.uuid);
    if (id !== undefined && p.action !== 'ignore')
      await store.instances.update(id, { variableSetId: set.id });
  }
  await store.variables.updateSet(set.id, { deployedSuccessfully: true });
  await store.variables.pruneSets(set.deploymentId);
}

/**
 * `lock_variable_set`: the deploy's set takes no new versions after the deploy, whatever its outcome. Done while the
 * deploy still holds the deployment's lock, on the set it opened: a deploy waiting for the lock opens the next set.
 */
export async function lockVariableSet(deps: DeployDeps, set: VariableSetRecord): Promise<void> {
  await deps.store.variables.updateSet(set.id, { writable: false });
}
