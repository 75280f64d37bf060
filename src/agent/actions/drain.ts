import { wrapError } from '../../base/errors.js';
import type { ApplySpec } from '../../protocol/agent.js';
import { root, str } from '../../protocol/agent.js';
import type { AgentAction } from '../dispatch/action.js';
import { decodeArg, methodArgs } from '../dispatch/action.js';
import { ProcessDrainScriptRunner, type DrainScriptRunner } from '../drain/drain-script.js';
import { Drainer, type DrainType } from '../drain/drainer.js';
import type { JobSupervisor } from '../ports.js';
import { MonitJobSupervisor } from '../supervisor/port-adapter.js';
import type { AgentContext } from './context.js';
import { applySpecArg } from './prepare.js';

/** What drain needs beyond the context: how the HM learns of a shutdown (`hm.agent.shutdown.<id>`, NATS only). */
export interface DrainOptions {
  readonly notifyShutdown?: () => Promise<void>;
  readonly runner?: DrainScriptRunner;
}

/**
 * `drain [type, spec?]` (task, cancellable) → an integer for the director's stopper: `update` (requires the new
 * spec) and `shutdown` unmonitor the jobs and run every job's `bin/drain`; a negative answer is a dynamic drain the
 * director polls with `drain status` until the answer is no longer negative; `n >= 0` tells it to wait n seconds.
 * No drain script answers 0. See `Drainer` for how several jobs' answers combine.
 */
export function drain(
  ctx: Pick<AgentContext, 'specs' | 'dirs' | 'supervisor' | 'logger'>,
  options: DrainOptions = {},
): AgentAction {
  const drainer = new Drainer({
    dirs: ctx.dirs,
    logger: ctx.logger,
    runner: options.runner ?? new ProcessDrainScriptRunner({ baseEnv: process.env, logger: ctx.logger }),
  });
  return {
    isAsynchronous: () => true,
    async run(args) {
      const given = methodArgs(args, 1);
      const type = decodeArg(given[0], (v) => str(v, root('action.DrainType')));
      const next: ApplySpec | undefined = given.length > 1 ? decodeArg(given[1], applySpecArg) : undefined;
      const current = await ctx.specs.get().catch((e: unknown) => {
        throw wrapError(e, 'Getting current spec');
      });
      if (!isDrainType(type)) throw new Error(`Unknown drain type '${type}'`);
      if (type === 'update' && next === undefined) throw new Error('Drain update requires new spec');
      if (type === 'shutdown' && options.notifyShutdown) {
        await options.notifyShutdown().catch((e: unknown) => {
          throw wrapError(e, 'Notifying shutdown');
        });
      }
      ctx.logger.debug('Drain Action', 'Unmonitoring');
      await unmonitor(ctx.supervisor).catch((e: unknown) => {
        throw wrapError(e, 'Unmonitoring services');
      });
      return drainer.drain(type, current, next);
    },
    cancel() {
      ctx.logger.debug('Drain Action', 'Cancelling drain action');
      drainer.cancel();
      return Promise.resolve();
    },
  };
}

function isDrainType(t: string): t is DrainType {
  return t === 'update' || t === 'shutdown' || t === 'status';
}

/**
 * The supervisor port has no unmonitor yet: use one where the supervisor has it (our monit subset through its port
 * adapter); a supervisor without it has nothing to unmonitor.
 */
async function unmonitor(supervisor: JobSupervisor): Promise<void> {
  const withUnmonitor = supervisor as JobSupervisor & { unmonitor?: unknown };
  if (typeof withUnmonitor.unmonitor === 'function') {
    await (withUnmonitor.unmonitor as () => Promise<void>).call(supervisor);
    return;
  }
  if (supervisor instanceof MonitJobSupervisor) await supervisor.supervisor.unmonitor();
}
