/**
 * A restarted agent process takes back the jobs it supervised. BOSH's monit is a process of its own and outlives
 * its agent; ours lives in the agent, so without this a killed agent's jobs would run on unwatched (not restarted,
 * not stopped by `stop`, missing from get_state). Only jobs still running are taken back: a VM whose jobs never
 * started, or were stopped, keeps waiting for the director's `start`.
 */
import type { AgentContext } from './actions/context.js';
import type { Logger } from './logger.js';

export async function resumeSupervision(
  ctx: Pick<AgentContext, 'specs' | 'applier' | 'supervisor'>,
  logger: Logger,
): Promise<void> {
  const spec = await ctx.specs.get().catch(() => undefined);
  if (spec === undefined) return;
  const jobs = ctx.applier.supervisedJobs(spec);
  if (jobs.length === 0) return;
  await ctx.supervisor.reload(jobs);
  if (!(await ctx.supervisor.anyRunning())) return;
  logger.info('agent', `Resuming supervision of ${String(jobs.length)} job(s) still running`);
  await ctx.supervisor.start();
}
