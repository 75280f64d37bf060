/**
 * The steps of `Jobs::UpdateInstance` (`--no-converge`) on one instance, each tracked in the job's stage as BOSH
 * tracks them: `Stopping instance` and `Deleting VM` (stop, `--hard`), `Creating VM` and `Starting instance`
 * (start). They use the spec the instance last got (`InstancePlanFromDB`), not the manifest: the rest of the
 * deployment and its stored manifest are not touched.
 */
import { asBoshError, BoshError } from '../../core/errors.js';
import type { InstanceGroup } from '../../core/manifest/types.js';
import type { InstancePlan } from '../../core/planner/index.js';
import type { StoredSpec } from '../deploy/prepare.js';
import type { EventStage } from '../tasks/task-context.js';
import type { DeploymentRun } from './deployment-run.js';
import { rerenderOnNewNetworks } from './instance-specs.js';
import { applyAndStart, stateValue, taskStartOptions } from './starter.js';
import { stopInstance } from './stopper.js';
import { withTaskEvents } from './task-events.js';

export interface UpdateInstanceOptions {
  readonly skip_drain?: boolean;
  /** stop: delete the VM too (`bosh stop --hard`); restart: recreate the VM (`bosh recreate`). */
  readonly hard?: boolean;
  /** An agent that does not answer is taken as `unresponsive` instead of failing the task. */
  readonly ignore_unresponsive_agent?: boolean;
}

/** One instance as the steps work on it: its plan-shaped identity (what DeploymentRun takes) and row id. */
export interface ActionTarget {
  readonly run: DeploymentRun;
  readonly stage: EventStage;
  readonly group: InstanceGroup;
  readonly plan: InstancePlan;
  readonly id: number;
  readonly options: UpdateInstanceOptions;
}

const NO_PROGRESS = { advance: () => undefined };

/** `AgentStateMigrator#get_state`: the agent's job state, `unresponsive` when allowed, null without a VM. */
async function currentJobState(t: ActionTarget): Promise<string | null> {
  const vm = t.run.vms.get(t.plan.uuid);
  if (vm === undefined) return null;
  try {
    const state = stateValue(await vm.agent.getState());
    return typeof state.job_state === 'string' ? state.job_state : null;
  } catch (e) {
    if (t.options.ignore_unresponsive_agent === true) return 'unresponsive';
    const err = asBoshError(e);
    throw new BoshError(err.kind, `${t.plan.group}/${t.plan.uuid}: ${err.message}`);
  }
}

const instanceEvent = (t: ActionTarget, action: string) => {
  const name = `${t.plan.group}/${t.plan.uuid}`;
  return { action, objectType: 'instance', objectName: name, deployment: t.run.name, instance: name };
};

/** `UpdateInstance#with_event`: begin and end events (`restart`/`recreate` around a restart's stop and start). */
export const withInstanceEvent = <T>(t: ActionTarget, action: string, work: () => Promise<T>): Promise<T> =>
  withTaskEvents(t.run.deps.store.events, t.run.ctx, instanceEvent(t, action), work);

const storedSpec = async (t: ActionTarget): Promise<StoredSpec | null> =>
  ((await t.run.deps.store.instances.get(t.id))?.spec ?? null) as StoredSpec | null;

/** `UpdateInstance#stop_instance`: nothing when already stopped (unless `--hard`) or detached. */
export async function stopAction(t: ActionTarget): Promise<void> {
  const { store } = t.run.deps;
  const before = await store.instances.get(t.id);
  const hard = t.options.hard === true;
  if ((before?.state === 'stopped' && !hard) || before?.state === 'detached') return;
  // The spec last applied, for the drain: nothing else writes the row while this task holds the deployment.
  const spec = (before?.spec ?? null) as StoredSpec | null;
  const jobState = await currentJobState(t);
  await t.stage.advanceAndTrack('Stopping instance', async () => {
    await t.run.ctx.checkpoint();
    await withInstanceEvent(t, 'stop', async () => {
      const vm = t.run.vms.get(t.plan.uuid);
      // `Stopper.stop` skips an instance without a VM or with an unresponsive agent; the stop is a shutdown.
      if (vm !== undefined && jobState !== 'unresponsive')
        await stopInstance(vm.agent, {
          skipDrain: t.options.skip_drain === true,
          drainType: 'shutdown',
          intent: hard ? 'delete_vm' : 'keep_vm',
          drainSpec: spec?.apply ?? {},
        });
      await store.instances.update(t.id, { state: 'stopped' });
    });
  });
  if (!hard) return;
  await t.stage.advanceAndTrack('Deleting VM', async () => {
    await t.run.ctx.checkpoint();
    await t.run.removeVm(t.plan, { detach: jobState !== 'unresponsive' });
    await store.instances.update(t.id, { state: 'detached' });
  });
}

/**
 * `UpdateInstance#start_instance`: a VM created when there is none, then started unless its agent says its jobs
 * already run. A new VM may have other addresses than the ones the instance's templates were rendered with:
 * they are rendered again then.
 */
export async function startAction(t: ActionTarget): Promise<void> {
  const { run, plan } = t;
  const { store } = run.deps;
  const jobState = await currentJobState(t);
  if (!run.vms.has(plan.uuid)) {
    await t.stage.advanceAndTrack('Creating VM', async () => {
      await run.ctx.checkpoint();
      await run.createVm(plan);
    });
  }
  if (jobState === 'running') return;
  await t.stage.advanceAndTrack('Starting instance', async () => {
    await run.ctx.checkpoint();
    await withInstanceEvent(t, 'start', async () => {
      const stored = await storedSpec(t);
      const vm = run.vms.get(plan.uuid);
      if (stored === null || vm === undefined)
        throw new BoshError('DirectorError', `Instance '${plan.name}' has never been deployed`);
      const rendered = await rerenderOnNewNetworks(run, plan, stored.apply.networks, vm.networks);
      // A new render keeps the packages last applied: nothing is compiled here.
      const spec =
        rendered === undefined
          ? stored
          : { ...rendered, apply: { ...rendered.apply, packages: stored.apply.packages } };
      await store.instances.update(t.id, { state: 'started', updateCompleted: false });
      const watch = t.group.update.updateWatchTime;
      await applyAndStart(vm.agent, spec.apply, taskStartOptions(run.ctx, plan.name, watch, NO_PROGRESS));
      await store.instances.update(t.id, { spec: { ...spec }, updateCompleted: true });
    });
  });
}
