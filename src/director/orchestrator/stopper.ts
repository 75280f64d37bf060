/**
 * `Stopper.stop`: pre-stop (told what happens next), drain (static or dynamic, via the agent client's
 * drainAndWait), stop, post-stop, with BOSH's progress ticks. `--skip-drain` skips pre-stop and drain.
 */
import type { AgentClient, DrainType } from '../../ports/agent-client.js';
import type { TaskProgress } from '../tasks/task-context.js';

/** What the stop is for: pre-stop scripts read it from `BOSH_*_NEXT_STATE`. */
export type StopIntent = 'keep_vm' | 'delete_vm' | 'delete_instance' | 'delete_deployment';

export interface StopOptions {
  readonly skipDrain: boolean;
  /** `shutdown` when the instance stops or its VM or disks change, else `update`. */
  readonly drainType: DrainType;
  readonly intent: StopIntent;
  /** The apply spec the drain scripts see (the desired one). */
  readonly drainSpec: unknown;
  readonly progress?: TaskProgress;
}

/** `BOSH_VM_NEXT_STATE`, `BOSH_INSTANCE_NEXT_STATE`, `BOSH_DEPLOYMENT_NEXT_STATE` for an intent. */
export function preStopEnv(intent: StopIntent): Record<string, string> {
  const deleting = (levels: number) => (n: number) => (n <= levels ? 'delete' : 'keep');
  const level = { keep_vm: 0, delete_vm: 1, delete_instance: 2, delete_deployment: 3 }[intent];
  const next = deleting(level);
  return {
    BOSH_VM_NEXT_STATE: next(1),
    BOSH_INSTANCE_NEXT_STATE: next(2),
    BOSH_DEPLOYMENT_NEXT_STATE: next(3),
  };
}

export async function stopInstance(agent: AgentClient, o: StopOptions): Promise<void> {
  if (o.skipDrain) {
    o.progress?.advance(10, 'skipped pre-stop & drain');
  } else {
    o.progress?.advance(5, 'executing pre-stop');
    await agent.runScript('pre-stop', { env: preStopEnv(o.intent) });
    o.progress?.advance(5, 'executing drain');
    await agent.drainAndWait(o.drainType, o.drainSpec);
  }
  o.progress?.advance(20, 'stopping jobs');
  await agent.stop();
  o.progress?.advance(10, 'executing post-stop');
  await agent.runScript('post-stop', { env: {} });
}
