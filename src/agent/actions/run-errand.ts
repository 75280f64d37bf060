import { join } from 'node:path';
import { wrapError } from '../../base/errors.js';
import { root, str } from '../../protocol/agent.js';
import { decodeArg, type AgentAction } from '../dispatch/action.js';
import { runErrandProcess, type ErrandOutcome } from '../errand/errand-process.js';
import { SCRIPT_PATH } from '../scripts/parallel-scripts.js';
import type { SpecStore } from '../applier/spec-store.js';
import type { Dirs } from '../dirs.js';

export interface RunErrandOptions {
  /** The agent's environment, which the errand inherits (plus bosh-agent's script PATH). */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
  readonly killGraceMs?: number;
  readonly run?: typeof runErrandProcess;
}

/**
 * `run_errand [job_name?]` (task, cancellable) → `{stdout, stderr, exit_code}`: runs `jobs/<job>/bin/run` of the
 * named job of the current spec (or of `job.template` when none is named). A failing errand is a result, not an
 * error. cancel_task terminates it (TERM, then KILL after 10 s); a cancel sent before it runs stops it as it starts.
 */
export function runErrand(
  ctx: { readonly specs: Pick<SpecStore, 'get'>; readonly dirs: Dirs },
  options: RunErrandOptions,
): AgentAction {
  let controller = new AbortController();
  const run = options.run ?? runErrandProcess;
  return {
    isAsynchronous: () => true,
    async run(args) {
      const names = args.map((a) => decodeArg(a, (v) => str(v, root('string'))));
      const spec = await ctx.specs.get().catch((e: unknown) => {
        throw wrapError(e, 'Getting current spec');
      });
      const named = names[0];
      let job: string;
      if (named === undefined) {
        if (spec.job.template === '')
          throw new Error('At least one job template is required to run an errand');
        job = spec.job.template;
      } else {
        if (!(spec.job.templates ?? []).some((t) => t.name === named)) {
          throw new Error(`Could not find errand ${named}`);
        }
        job = named;
      }
      const signal = controller.signal;
      let outcome: ErrandOutcome;
      try {
        outcome = await run(
          join(ctx.dirs.jobs, job, 'bin', 'run'),
          {
            env: { ...options.baseEnv, PATH: SCRIPT_PATH },
            ...(options.killGraceMs === undefined ? {} : { killGraceMs: options.killGraceMs }),
          },
          signal,
        );
      } catch (e) {
        throw wrapError(e, 'Running errand script');
      } finally {
        if (signal.aborted) controller = new AbortController();
      }
      return { stdout: outcome.stdout, stderr: outcome.stderr, exit_code: outcome.exitStatus };
    },
    cancel() {
      controller.abort();
      return Promise.resolve();
    },
  };
}
