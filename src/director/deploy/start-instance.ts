/** `InstanceUpdater` for a changed instance: apply, pre-start, start, watch until `running`, post-start. */
import { BoshError } from '../../core/errors.js';
import { notRunningMessage, watchSchedule } from '../../core/update/watch.js';
import type { AgentClient } from '../../ports/agent-client.js';

export interface WatchTime {
  readonly min: number;
  readonly max: number;
}

export const stateValue = (state: unknown): Record<string, unknown> => {
  const s = state as { value?: unknown } | null;
  const v = s !== null && typeof s === 'object' && 'value' in s ? s.value : state;
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
};

export async function startInstance(
  agent: AgentClient,
  name: string,
  applySpec: unknown,
  watch: WatchTime,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  await agent.apply(applySpec);
  await agent.runScript('pre-start', { env: {} });
  await agent.start();
  let state: Record<string, unknown> = {};
  for (const ms of watchSchedule(watch.min, watch.max)) {
    await sleep(ms);
    state = stateValue(await agent.getState());
    if (state.job_state === 'running') break;
  }
  if (state.job_state !== 'running') {
    const processes = Array.isArray(state.processes) ? (state.processes as unknown[]) : [];
    const failing = processes
      .map((p) => p as { name?: unknown; state?: unknown })
      .filter((p) => p.state !== 'running')
      .map((p) => String(p.name));
    throw new BoshError('AgentJobNotRunning', notRunningMessage(name, failing));
  }
  await agent.runScript('post-start', { env: {} });
}
