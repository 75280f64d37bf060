/**
 * `Starter.start` after `StateApplier#apply`: pre-start, start, the watch loop until the agent reports `running`
 * (BOSH's schedule; canaries watch `canary_watch_time`, others `update_watch_time`), post-start — with BOSH's
 * progress ticks. A job that is not running at the end fails with `AgentJobNotRunning`, naming the monit
 * processes that are not running.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BoshError } from '../../core/errors.js';
import { notRunningMessage, watchSchedule, type WatchTimes } from '../../core/update/watch.js';
import type { AgentClient } from '../../ports/agent-client.js';
import type { TaskContext, TaskProgress } from '../tasks/task-context.js';

/** A get_state answer's value (the agent client may return it wrapped in `{value}`). */
export const stateValue = (state: unknown): Record<string, unknown> => {
  const s = state as { value?: unknown } | null;
  const v = s !== null && typeof s === 'object' && 'value' in s ? s.value : state;
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
};

export interface StartOptions {
  /** `<ig>/<uuid> (<index>)`, as the failure names it. */
  readonly name: string;
  readonly watch: WatchTimes;
  readonly progress: TaskProgress;
  readonly sleep: (ms: number) => Promise<void>;
  /** Checked between polls (task cancellation). */
  readonly checkpoint: () => Promise<void>;
}

/** An instance's start in a task: real sleeps between polls, the task's cancellation checked before each. */
export const taskStartOptions = (
  ctx: Pick<TaskContext, 'checkpoint'>,
  name: string,
  watch: WatchTimes,
  progress: TaskProgress,
): StartOptions => ({ name, watch, progress, sleep: (ms) => sleep(ms), checkpoint: () => ctx.checkpoint() });

/** `StateApplier#apply`: installing packages (agent apply), configuring jobs, then start. */
export async function applyAndStart(agent: AgentClient, applySpec: unknown, o: StartOptions): Promise<void> {
  o.progress.advance(10, 'installing packages');
  await agent.apply(applySpec);
  o.progress.advance(10, 'configuring jobs');
  await startJobs(agent, o);
}

async function startJobs(agent: AgentClient, o: StartOptions): Promise<void> {
  o.progress.advance(10, 'executing pre-start');
  await agent.runScript('pre-start', { env: {} });
  o.progress.advance(20, 'starting jobs');
  await agent.start();
  let state: Record<string, unknown> = {};
  for (const ms of watchSchedule(o.watch.min, o.watch.max)) {
    await o.checkpoint();
    await o.sleep(ms);
    state = stateValue(await agent.getState());
    if (state.job_state === 'running') break;
  }
  if (state.job_state !== 'running') {
    const processes = Array.isArray(state.processes) ? (state.processes as unknown[]) : [];
    const failing = processes
      .map((p) => p as { name?: unknown; state?: unknown })
      .filter((p) => p.state !== 'running')
      .map((p) => String(p.name));
    throw new BoshError('AgentJobNotRunning', notRunningMessage(o.name, failing));
  }
  o.progress.advance(10, 'executing post-start');
  await agent.runScript('post-start', { env: {} });
}
