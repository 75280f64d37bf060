/**
 * bosh-director's `Scheduler` (the `bosh-director-scheduler` process), in the director: each scheduled job fires
 * every `intervalSeconds`, on the wall clock's multiples of it (300 s fires at minutes :00, :05, ... as BOSH's
 * default cron schedule for orphaned VMs does), and queues its task as user `scheduler` when it has work. The tasks
 * run on the director's workers like any other. An interval of 0 never fires. Better than BOSH: a job whose last
 * task is still queued or running queues no other (with a short interval, a slow cleanup would pile up tasks that
 * find nothing left to do).
 */
import type { TaskRepo } from '../../ports/director-store.js';

export interface ScheduledJob {
  /** The task type queued (`scheduled_orphaned_vm_cleanup`). */
  readonly type: string;
  /** The task's description (`scheduled ScheduledOrphanedVMCleanup`). */
  readonly description: string;
  readonly intervalSeconds: number;
  /** `has_work`: the task is queued only when this says so. */
  readonly hasWork: () => Promise<boolean>;
}

interface SchedulerDeps {
  readonly tasks: Pick<TaskRepo, 'create' | 'list'>;
  /** Wakes the task workers after a task was queued. */
  readonly notify: () => void;
  /** Unix seconds (with fraction). */
  readonly now: () => number;
  readonly log: (line: string) => void;
}

export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly firing = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly deps: SchedulerDeps,
    private readonly jobs: readonly ScheduledJob[],
  ) {}

  start(): void {
    for (const job of this.jobs) {
      if (job.intervalSeconds <= 0) continue;
      this.schedule(job);
      this.deps.log(`added scheduled job '${job.type}' with interval '${String(job.intervalSeconds)}s'`);
    }
  }

  /** No job fires any more; resolves once a firing job has queued its task (or not). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([...this.firing]);
  }

  /** A method, not the field: `stop()` may come while a job is asked whether it has work. */
  private isStopped(): boolean {
    return this.stopped;
  }

  private schedule(job: ScheduledJob): void {
    const now = this.deps.now();
    const next = (Math.floor(now / job.intervalSeconds) + 1) * job.intervalSeconds;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        const firing = this.fire(job).finally(() => this.firing.delete(firing));
        this.firing.add(firing);
      },
      Math.max(0, (next - now) * 1000),
    );
    // The director runs for its API and workers; a pending schedule alone does not keep it alive.
    timer.unref();
    this.timers.add(timer);
  }

  private async unfinished(job: ScheduledJob): Promise<boolean> {
    const tasks = await this.deps.tasks.list({
      states: ['queued', 'processing', 'cancelling'],
      types: [job.type],
      limit: 1,
    });
    return tasks.length > 0;
  }

  private async fire(job: ScheduledJob): Promise<void> {
    try {
      if (this.isStopped() || (await this.unfinished(job)) || !(await job.hasWork()) || this.isStopped())
        return;
      const task = await this.deps.tasks.create({
        type: job.type,
        description: job.description,
        username: 'scheduler',
        deploymentName: null,
        contextId: '',
        payload: null,
      });
      this.deps.log(`enqueueing '${job.type}': task ${String(task.id)}`);
      this.deps.notify();
    } catch (e) {
      this.deps.log(`scheduled job '${job.type}' failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      if (!this.isStopped()) this.schedule(job);
    }
  }
}
