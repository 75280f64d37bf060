import type { JobState, ProcessState } from '../protocol/agent.js';
import type { JobSupervisor, SupervisedJob } from '../agent/ports.js';

/**
 * PLACEHOLDER supervisor, used only while no real one is wired into main.ts: it runs no process at all. It behaves
 * like bosh-agent's `-M dummy` supervisor: job_state `unknown` until start, then `running` (no processes), and
 * `stopped` after stop. Replace it with the monit-subset supervisor from `src/agent/supervisor/`.
 */
export class DummyJobSupervisor implements JobSupervisor {
  private state: JobState = 'unknown';
  private configured: readonly SupervisedJob[] = [];

  processes(): Promise<readonly ProcessState[]> {
    return Promise.resolve([]);
  }

  jobState(): Promise<JobState> {
    return Promise.resolve(this.state);
  }

  start(): Promise<void> {
    this.state = 'running';
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.state = 'stopped';
    return Promise.resolve();
  }

  reload(jobs: readonly SupervisedJob[]): Promise<void> {
    this.configured = jobs;
    return Promise.resolve();
  }

  /** It runs no process. */
  anyRunning(): Promise<boolean> {
    return Promise.resolve(false);
  }

  /** The jobs last passed to reload (for tests). */
  get jobs(): readonly SupervisedJob[] {
    return this.configured;
  }
}
