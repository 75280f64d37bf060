import { wrapError } from '../../base/errors.js';
import { root, str, type AgentValue, type ProcessState } from '../../protocol/agent.js';
import { encodeApplySpec } from '../spec/apply-spec-codec.js';
import { decodeArg, syncAction, type AgentAction } from '../dispatch/action.js';
import type { AgentContext } from './context.js';

const encodeProcess = (p: ProcessState): AgentValue => ({
  name: p.name,
  state: p.state,
  uptime: p.uptime.secs ? { secs: p.uptime.secs } : {},
  mem: p.mem.kb ? { kb: p.mem.kb, percent: p.mem.percent } : { percent: p.mem.percent },
  cpu: { total: p.cpu.total },
});

/**
 * `get_state` / `get_state ["full"]`: the stored apply spec (networks, resource_pool and packages never null) plus
 * agent_id, job_state, vitals (only with "full"), processes (left out when there are none) and vm.
 */
export const getState = (
  ctx: Pick<AgentContext, 'specs' | 'vitals' | 'supervisor' | 'settings'>,
): AgentAction =>
  syncAction(async (args) => {
    const filters = args.map((a) => decodeArg(a, (v) => str(v, root('string'))));
    const spec = await ctx.specs.get().catch((e: unknown) => {
      throw wrapError(e, 'Getting current spec');
    });
    let vitals: AgentValue | undefined;
    if (filters[0] === 'full') {
      vitals = await ctx.vitals.get().catch((e: unknown) => {
        throw wrapError(e, 'Building full vitals');
      });
    }
    const processes = await ctx.supervisor.processes().catch((e: unknown) => {
      throw wrapError(e, 'Getting processes status');
    });
    const settings = ctx.settings.settings;
    const encoded = encodeApplySpec(spec);
    return {
      ...encoded,
      packages: encoded['packages'] ?? {},
      networks: encoded['networks'] ?? {},
      resource_pool: encoded['resource_pool'] ?? {},
      agent_id: settings.agent_id,
      job_state: await ctx.supervisor.jobState(),
      ...(vitals === undefined ? {} : { vitals }),
      ...(processes.length === 0 ? {} : { processes: processes.map(encodeProcess) }),
      vm: { name: settings.vm.name },
    };
  });
