/**
 * The steps of an errand run (`Errand::LifecycleErrandStep`, `Errand::LifecycleServiceStep`). A service step runs
 * the errand on an instance as it is. An errand group's step first gives its instance a VM (`Creating missing
 * vms`), updates it like a deploy does (`Updating instance <group>`), runs the errand, and then deletes the VM
 * (without an event stage, disks detached first) unless `--keep-alive`, also when anything failed.
 */
import { createHash } from 'node:crypto';
import type { ErrandStep } from '../../core/errands/index.js';
import { groupUpdateSettings, type InstancePlan } from '../../core/planner/index.js';
import { planDeploymentUpdate } from '../../core/update/plan.js';
import { BoshError } from '../../core/errors.js';
import { updateInstance } from '../orchestrator/instance-updater.js';
import { renderInstanceSpecs } from '../orchestrator/instance-specs.js';
import { runUpdateStages } from '../orchestrator/update-stage.js';
import type { PreparedErrand } from './errand-prepare.js';
import { runErrandOn, type ErrandRunResult } from './errand-runner.js';

export interface RunOptions {
  readonly errandName: string;
  readonly isJobName: boolean;
  readonly keepAlive: boolean;
}

const planOf = (e: PreparedErrand, step: ErrandStep): InstancePlan => {
  const p = e.plan.groups
    .find((g) => g.name === step.group)
    ?.instances.find((i) => i.uuid === step.instance.uuid);
  if (p === undefined)
    throw new BoshError('DirectorError', `Instance '${step.instance.uuid}' is not planned`);
  return p;
};

/** `ParallelStep#state_hash`'s part for one step: the instance, its configuration and its packages. */
export function stepStateHash(e: PreparedErrand, step: ErrandStep): string {
  const desired = e.run.desiredOf(e.run.groupOf(step));
  const packages = JSON.stringify(Object.entries(desired.packages ?? {}).sort());
  return createHash('sha1').update(`${step.instance.uuid}${desired.properties}${packages}`).digest('hex');
}

/** `ErrandInstanceUpdater#create_vms`: the errand instance's VM, unless it has one (kept alive). */
export async function prepareStep(e: PreparedErrand, step: ErrandStep, o: RunOptions): Promise<void> {
  if (step.lifecycle !== 'errand' || e.run.vms.has(step.instance.uuid)) return;
  const p = planOf(e, step);
  try {
    const stage = e.run.ctx.events.beginStage('Creating missing vms', 1);
    await stage.advanceAndTrack(p.name, () => e.run.createVm(p));
    await renderInstanceSpecs(e.run, [p]);
  } catch (error) {
    await cleanUpQuietly(e, p, o);
    throw error;
  }
}

export async function runStep(e: PreparedErrand, step: ErrandStep, o: RunOptions): Promise<ErrandRunResult> {
  const { run } = e;
  if (step.lifecycle === 'service') return runOn(e, step, o);
  const p = planOf(e, step);
  let result: ErrandRunResult;
  try {
    if (run.fresh.has(p.uuid) || p.action !== 'keep') {
      const g = run.groupOf(p);
      const stages = planDeploymentUpdate([{ name: g.name, update: groupUpdateSettings(g), instances: [p] }]);
      await runUpdateStages(run.ctx, stages, (c, canary, progress) =>
        updateInstance(run, c, canary, progress),
      );
    }
    result = await runOn(e, step, o);
  } catch (error) {
    await cleanUpQuietly(e, p, o);
    throw error;
  }
  await cleanUp(e, p, o);
  return result;
}

function runOn(e: PreparedErrand, step: ErrandStep, o: RunOptions): Promise<ErrandRunResult> {
  const vm = e.run.vms.get(step.instance.uuid);
  if (vm === undefined) throw new BoshError('DirectorError', `Instance '${step.instance.uuid}' has no VM`);
  const target = { deployment: e.run.name, ...step.instance, agent: vm.agent };
  return runErrandOn(e.run.deps, e.run.ctx, target, o.errandName, o.isJobName);
}

/** `ErrandInstanceUpdater#cleanup_vms`: the VM goes unless kept alive; the instance, its disks and IPs stay. */
async function cleanUp(e: PreparedErrand, p: InstancePlan, o: RunOptions): Promise<void> {
  if (o.keepAlive) {
    e.run.ctx.debug('Skipping vms deletion, keep-alive is set');
    return;
  }
  if (!e.run.vms.has(p.uuid)) return;
  await e.run.removeVm(p, { detach: true });
}

async function cleanUpQuietly(e: PreparedErrand, p: InstancePlan, o: RunOptions): Promise<void> {
  try {
    await cleanUp(e, p, o);
  } catch (error) {
    e.run.ctx.debug(`Failed to delete vms: ${error instanceof Error ? error.message : String(error)}`);
  }
}
