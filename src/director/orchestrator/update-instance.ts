/**
 * `Jobs::UpdateInstance` (`bosh start|stop|restart|recreate --no-converge`): under the deployment's lock, one
 * instance is stopped, started, or stopped then started (`recreate` is a restart with `hard`: the VM is replaced),
 * in one stage `Updating instance <group>/<uuid> (<index>)`. The task's result is the instance's name.
 */
import { BoshError } from '../../core/errors.js';
import type { InstancePlan } from '../../core/planner/index.js';
import type { InstanceSnapshot } from '../../ports/director-store.js';
import { currentIp } from '../deploy/ip-reservations.js';
import { openDeploymentRun } from '../deploy/open-run.js';
import { resolveDeployment } from '../deploy/prepare.js';
import { requireCpi } from '../deploy/require-cpi.js';
import type { DeployDeps } from '../deploy/types.js';
import { instanceText } from '../jobs/instance-lookup.js';
import type { TaskContext, TaskJob } from '../tasks/task-context.js';
import {
  startAction,
  stopAction,
  withInstanceEvent,
  type ActionTarget,
  type UpdateInstanceOptions,
} from './instance-actions.js';

type UpdateInstanceAction = 'start' | 'stop' | 'restart';

/** What the `.../actions/<action>` routes queue. */
export interface UpdateInstancePayload {
  readonly deployment: string;
  /** The instance's row id. */
  readonly instanceId: number;
  readonly action: UpdateInstanceAction;
  readonly options: UpdateInstanceOptions;
}

function decode(payload: unknown): UpdateInstancePayload {
  const p = (payload ?? {}) as Partial<Record<keyof UpdateInstancePayload, unknown>>;
  const o = (typeof p.options === 'object' && p.options !== null ? p.options : {}) as Record<string, unknown>;
  const action = p.action === 'stop' || p.action === 'restart' ? p.action : 'start';
  return {
    deployment: typeof p.deployment === 'string' ? p.deployment : '',
    instanceId: typeof p.instanceId === 'number' ? p.instanceId : -1,
    action,
    options: {
      skip_drain: o.skip_drain === true,
      hard: o.hard === true,
      ignore_unresponsive_agent: o.ignore_unresponsive_agent === true,
    },
  };
}

/** `UpdateInstance#label`: what the action is called in errors and events. */
const labelOf = (p: UpdateInstancePayload): string =>
  p.action === 'restart' ? (p.options.hard === true ? 'recreate' : 'restart') : p.action;

/** The instance as DeploymentRun's VM and disk steps take it, with the addresses it holds. */
const planOf = (i: InstanceSnapshot, skipDrain: boolean): InstancePlan => ({
  group: i.job,
  uuid: i.uuid,
  index: i.index,
  az: i.availabilityZone,
  bootstrap: i.bootstrap,
  name: instanceText(i),
  action: 'update',
  state: 'started',
  changes: [],
  reasons: [],
  needsShuttingDown: false,
  needsRecreate: false,
  skipDrain,
  ips: i.ips.map(currentIp).map((c) => ({
    network: c.network,
    ip: c.ip,
    type: c.static ? ('static' as const) : ('dynamic' as const),
  })),
  vmCid: i.activeVm?.cid ?? null,
});

export function updateInstanceJob(deps: DeployDeps): TaskJob {
  return async (ctx: TaskContext, payload: unknown) => {
    const p = decode(payload);
    const cpi = requireCpi(deps, ctx);
    const { store } = deps;
    return ctx.withLock(`lock:deployment:${p.deployment}`, 10, async () => {
      const state = await store.deployments.state(p.deployment);
      const instance = state?.instances.find((i) => i.id === p.instanceId);
      // `raise InstanceNotFound` without a message: Ruby's message is the class name.
      if (state === undefined || instance === undefined)
        throw new BoshError('InstanceNotFound', 'Bosh::Director::InstanceNotFound');
      const r = await resolveDeployment(store, state.manifestText);
      const group = r.manifest.instanceGroups.find((g) => g.name === instance.job);
      if (group === undefined) throw new BoshError('DirectorError', "undefined method 'errand?' for nil");
      const label = labelOf(p);
      if (group.lifecycle === 'errand')
        throw new BoshError(
          'InstanceGroupInvalidLifecycleError',
          `Isolated ${label} can not be run on instances of type errand. Try the bosh run-errand command.`,
        );
      if (instance.ignore)
        // BOSH's text has no space after the quoted name's period.
        throw new BoshError(
          'DeploymentIgnoredInstancesModification',
          `You are trying to change the state of the ignored instance '${instance.job}/${instance.uuid}'.` +
            'This operation is not allowed. You need to unignore it first.',
        );
      // As a deploy and an errand open it: the last successful deploy's variable set and the groups' properties
      // digests taken with its values, so that what a start renders is what a deploy would (links: when it renders).
      const run = await openDeploymentRun(deps, ctx, cpi, { r, deployment: state });
      const stage = ctx.events.beginStage(`Updating instance ${instanceText(instance)}`, null);
      const t: ActionTarget = {
        run,
        stage,
        group,
        plan: planOf(instance, p.options.skip_drain === true),
        id: instance.id,
        options: p.options,
      };
      if (p.action === 'stop') await stopAction(t);
      else if (p.action === 'start') await startAction(t);
      else
        await withInstanceEvent(t, label, async () => {
          await stopAction(t);
          await startAction(t);
        });
      return `${instance.job}/${instance.uuid}`;
    });
  };
}
