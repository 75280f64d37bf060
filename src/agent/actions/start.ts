import { wrapError } from '../../base/errors.js';
import { syncAction, type AgentAction } from '../dispatch/action.js';
import type { AgentContext } from './context.js';

/** `start` (synchronous) → `"started"`: configures the spec's jobs in the supervisor and starts them. */
export const start = (ctx: Pick<AgentContext, 'specs' | 'applier' | 'supervisor'>): AgentAction =>
  syncAction(async () => {
    const spec = await ctx.specs.get().catch((e: unknown) => {
      throw wrapError(e, 'Getting apply spec');
    });
    await ctx.supervisor.reload(ctx.applier.supervisedJobs(spec)).catch((e: unknown) => {
      throw wrapError(e, 'Configuring jobs');
    });
    await ctx.supervisor.start().catch((e: unknown) => {
      throw wrapError(e, 'Starting Monitored Services');
    });
    return 'started';
  });
