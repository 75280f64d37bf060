/**
 * `Errand::ErrandProvider#get`'s Preparing deployment: the deployed manifest planned again (nothing is updated but
 * what the errand needs), the errand resolved to its steps, and for a lifecycle errand group its instance bound
 * (row, addresses), its templates checked and its packages compiled.
 */
import {
  refuseStopped,
  selectErrand,
  type ErrandGroup,
  type ErrandSelection,
  type InstanceFilter,
} from '../../core/errands/index.js';
import { instanceName, type DeploymentPlan, type InstancePlan } from '../../core/planner/index.js';
import type { DeploymentState } from '../../ports/director-store.js';
import type { CompileCpi } from '../compile/types.js';
import { compileForDeploy } from '../orchestrator/compile-stage.js';
import type { DeploymentRun } from '../orchestrator/deployment-run.js';
import { renderInstanceSpecs } from '../orchestrator/instance-specs.js';
import { resolveDeploymentLinks } from '../orchestrator/render-links.js';
import type { TaskContext } from '../tasks/task-context.js';
import { foreignReservations, reservePlannedIps } from './ip-reservations.js';
import { openDeploymentRun } from './open-run.js';
import { desiredDeployment } from './plan.js';
import { planWithLinks } from './plan-with-links.js';
import { currentInstances, resolveDeployment } from './prepare.js';
import type { DeployDeps } from './types.js';

export interface PreparedErrand {
  readonly run: DeploymentRun;
  readonly plan: DeploymentPlan;
  readonly selection: ErrandSelection;
}

const byIndex = (plans: readonly InstancePlan[]) => [...plans].sort((a, b) => a.index - b.index);

/** The manifest's groups with their desired instances, each in its stored state (a new one: the plan's). */
function errandGroups(run: DeploymentRun, plan: DeploymentPlan, state: DeploymentState): ErrandGroup[] {
  return run.r.manifest.instanceGroups.map((g) => ({
    name: g.name,
    lifecycle: g.lifecycle,
    jobs: g.jobs.map((j) => j.name),
    instances: byIndex(plan.groups.find((p) => p.name === g.name)?.instances ?? []).map((p) => ({
      group: p.group,
      uuid: p.uuid,
      index: p.index,
      state: state.instances.find((i) => i.uuid === p.uuid)?.state ?? p.state,
    })),
  }));
}

/** Everything before the `Preparing deployment` task starts: the stopped-instance refusal comes first in BOSH. */
export function refuseStoppedInstances(state: DeploymentState, filters: readonly InstanceFilter[]): void {
  refuseStopped(
    filters,
    state.instances
      .filter((i) => !i.compilation)
      .map((i) => ({ group: i.job, uuid: i.uuid, index: i.index, state: i.state })),
  );
}

export async function prepareErrand(
  deps: DeployDeps,
  ctx: TaskContext,
  cpi: CompileCpi,
  state: DeploymentState,
  errand: { readonly name: string; readonly filters: readonly InstanceFilter[] },
): Promise<PreparedErrand> {
  const { store } = deps;
  const r = await resolveDeployment(store, state.manifestText);
  const links = await resolveDeploymentLinks(store, r);
  const run = await openDeploymentRun(deps, ctx, cpi, {
    r,
    deployment: state,
    links,
  });
  // With links in the configuration check, as a deploy plans (a kept-alive errand VM is updated only on change).
  const plan = await planWithLinks(run, {
    desired: { ...desiredDeployment(run.r), foreignReservations: await foreignReservations(store, state.id) },
    current: { deployed: true, instances: currentInstances(state) },
    now: new Date(ctx.now() * 1000).toISOString(),
    newId: deps.newId,
    options: {},
  });
  const selection = selectErrand(state.name, errandGroups(run, plan, state), errand.name, errand.filters);
  for (const w of selection.warnings) ctx.events.warning(w);
  const lifecycle = selection.steps.filter((s) => s.lifecycle === 'errand');
  for (const step of selection.steps)
    if (step.lifecycle === 'service' && !run.vms.has(step.instance.uuid))
      ctx.events.warning(
        `Skipping instance: ${instanceName(step.group, step.instance.uuid, step.instance.index)} no matching VM ` +
          'reference was found',
      );
  if (lifecycle.length > 0) {
    const groups = new Set(lifecycle.map((s) => s.group));
    const plans = plan.groups.filter((g) => groups.has(g.name)).flatMap((g) => g.instances);
    await reservePlannedIps(store, plans, (p) => run.ensureInstance(p), {
      taskId: ctx.taskId,
      now: ctx.now(),
    });
    const targets = plans.filter((p) => lifecycle.some((s) => s.instance.uuid === p.uuid));
    for (const p of targets) await run.ensureInstance(p);
    // A kept-alive VM's templates are stored now; a new VM's are checked now and stored once it exists.
    await renderInstanceSpecs(run, targets, (p) => run.vms.has(p.uuid));
    run.compiled = await compileForDeploy(deps, ctx, cpi, run.r, plan.reservations);
  }
  return { run, plan, selection };
}
