/**
 * `bosh deploy --dry-run` without side effects, which BOSH's own dry run does not promise (it binds instance rows,
 * reserves addresses and records a variable set). Here a dry run reads the database but writes nothing to it: the
 * variable set and any value it would generate live in an in-memory overlay, the deployment of a first deploy is
 * a transient record, no address is reserved, no archive stored, no CPI called. It plans, renders every changing
 * instance (so template errors show), and reports per instance what would change and why.
 */
import { formatPlan } from '../../core/planner/index.js';
import type { DeploymentPlan } from '../../core/planner/index.js';
import type {
  ConfigServerValueRecord,
  ConfigServerValueRepo,
  DeploymentRecord,
  VariableRecord,
  VariableRepo,
  VariableSetRecord,
} from '../../ports/director-store.js';
import type { TaskContext } from '../tasks/task-context.js';
import type { DeployDeps } from './types.js';

/** Writes kept in memory over the store's reads. Ids are negative: they never collide with stored ones. */
function variableOverlay(base: VariableRepo): VariableRepo {
  const sets: VariableSetRecord[] = [];
  const vars: VariableRecord[] = [];
  let next = -1;
  return {
    createSet: (s) => {
      const set = { id: next--, deployedSuccessfully: false, writable: true, ...s };
      sets.unshift(set);
      return Promise.resolve(set);
    },
    getSet: async (id) => sets.find((s) => s.id === id) ?? (await base.getSet(id)),
    sets: async (deploymentId) => [
      ...sets.filter((s) => s.deploymentId === deploymentId),
      ...(await base.sets(deploymentId)),
    ],
    updateSet: (id, changes) => {
      const i = sets.findIndex((s) => s.id === id);
      const found = sets[i];
      if (found !== undefined) sets[i] = { ...found, ...changes };
      return Promise.resolve();
    },
    add: (v) => {
      const record = { id: next--, ...v };
      vars.push(record);
      return Promise.resolve(record);
    },
    list: async (setId) => [
      ...vars.filter((v) => v.variableSetId === setId),
      ...(setId > 0 ? await base.list(setId) : []),
    ],
    pruneSets: () => Promise.resolve(0),
  };
}

function valueOverlay(base: ConfigServerValueRepo): ConfigServerValueRepo {
  const values: ConfigServerValueRecord[] = [];
  let next = 0;
  return {
    add: (v) => {
      const record = { ...v, id: `dry-run-${String(next++)}` };
      values.push(record);
      return Promise.resolve(record);
    },
    latest: async (name) => values.findLast((v) => v.name === name) ?? (await base.latest(name)),
    byId: async (id) => values.find((v) => v.id === id) ?? (await base.byId(id)),
  };
}

/** The deploy's dependencies for a dry run: the same reads, every variable write in memory. */
export function dryRunDeps(deps: DeployDeps): DeployDeps {
  const store = { ...deps.store, variables: variableOverlay(deps.store.variables) };
  const cs = deps.configServer;
  if (cs === undefined) return { ...deps, store };
  const server = cs.server.withValues(valueOverlay(deps.store.configServerValues));
  return { ...deps, store, configServer: { ...cs, server } };
}

/** The deployment as stored, or a transient one a first deploy would create. */
export async function dryRunDeployment(deps: DeployDeps, name: string): Promise<DeploymentRecord> {
  return (await deps.store.deployments.get(name)) ?? { id: 0, name, manifestText: '' };
}

/** One finished `Dry run` task per instance the deploy would change, with the plan as the task's result. */
export async function reportDryRun(ctx: TaskContext, plan: DeploymentPlan): Promise<string> {
  const all = [...plan.obsoleteGroups, ...plan.groups.flatMap((g) => [...g.obsolete, ...g.instances])];
  const changing = all.filter((p) => p.action !== 'keep' && p.action !== 'ignore');
  if (changing.length > 0) {
    const stage = ctx.events.beginStage('Dry run', changing.length);
    for (const p of changing)
      await stage.advanceAndTrack(`${p.name}: ${p.action} (${p.reasons.join('; ')})`, () =>
        Promise.resolve(),
      );
  }
  return formatPlan(plan);
}
