import { wrapError } from '../../base/errors.js';
import { field, map, root, str, struct } from '../../protocol/agent.js';
import { specJobs } from '../applier/spec-jobs.js';
import { asyncAction, decodeArg, methodArgs, type AgentAction } from '../dispatch/action.js';
import { runJobScripts } from '../scripts/parallel-scripts.js';
import type { AgentContext } from './context.js';

function optionsArg(v: unknown): Record<string, string> {
  const at = root('action.RunScriptOptions');
  const o = struct(v, at, 'action.RunScriptOptions');
  const envAt = field(at, 'RunScriptOptions', 'env');
  return map(o['env'], envAt, 'map[string]string', (x) => str(x, envAt)) ?? {};
}

/**
 * `run_script [name, {env}]` (task) → `{}`: runs `bin/<name>` of every job of the current spec that has it, in
 * parallel, output appended to `sys/log/<job>/<name>.std{out,err}.log`.
 */
export const runScript = (ctx: Pick<AgentContext, 'specs' | 'dirs' | 'scripts' | 'logger'>): AgentAction =>
  asyncAction(async (args) => {
    const [nameArg, optionsValue] = methodArgs(args, 2);
    const script = decodeArg(nameArg, (v) => str(v, root('string')));
    const env = decodeArg(optionsValue, optionsArg);
    const spec = await ctx.specs.get().catch((e: unknown) => {
      throw wrapError(e, 'Getting current spec');
    });
    const jobs = specJobs(spec).map((j) => j.name);
    await runJobScripts({ jobs, script, env }, { dirs: ctx.dirs, runner: ctx.scripts, logger: ctx.logger });
    return {};
  });
