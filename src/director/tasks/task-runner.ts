import { asBoshError, BoshError } from '../../core/errors.js';
import type { DirectorStore, TaskRecord } from '../../ports/director-store.js';
import { EventLog } from './event-log.js';
import type { LockService } from './lock-service.js';
import type { TaskContext, TaskJob } from './task-context.js';
import type { TaskFiles } from './task-files.js';
import { truncateTaskResult } from './task-result.js';

export interface TaskRunnerDeps {
  readonly store: Pick<DirectorStore, 'tasks' | 'locks' | 'ips'>;
  readonly files: TaskFiles;
  readonly locks: LockService;
  readonly jobs: ReadonlyMap<string, TaskJob>;
  /** Unix seconds (with fraction). */
  readonly now: () => number;
  readonly workers: number;
  readonly log: (line: string) => void;
  /** BOSH: every 30 s. */
  readonly checkpointMs?: number;
  /** How long an idle worker waits before looking for work again without being woken. */
  readonly idleMs?: number;
}

/** What a task ends with when the director stopped while it was running (see `recover`). */
export const INTERRUPTED = 'Task was interrupted: the director stopped while it was running';

/**
 * The director's workers (bosh-director's delayed_job workers + JobRunner): each takes the oldest queued task from
 * the database, runs its job with an event log, a debug log and cooperative cancellation, checkpoints it, and
 * records how it ended (`done` + result, `error` + message and an error event, `cancelled`).
 */
export class TaskRunner {
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  private loops: Promise<void>[] = [];

  constructor(private readonly deps: TaskRunnerDeps) {}

  /**
   * Ends what a previous director left running: a running task is `error` with INTERRUPTED (and that error in its
   * event log), a cancelling one `cancelled`; their locks and claimed addresses are released. Then starts the workers.
   */
  async start(): Promise<void> {
    await this.recover();
    for (let i = 0; i < this.deps.workers; i += 1) this.loops.push(this.loop());
  }

  /** Tells idle workers there is work (called when a task is queued). */
  notify(): void {
    this.wakeUp?.();
  }

  /** Stops taking tasks; resolves when the workers are idle or after `graceMs` (tasks still running stay so). */
  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    this.notify();
    await Promise.race([Promise.all(this.loops), new Promise((r) => setTimeout(r, graceMs).unref())]);
  }

  async recover(): Promise<void> {
    const { tasks, locks } = this.deps.store;
    for (const task of await tasks.unfinished()) {
      this.deps.files.create(task.id);
      const cancelling = task.state === 'cancelling';
      const error = cancelling
        ? new BoshError('TaskCancelled', `Task ${String(task.id)} cancelled`)
        : undefined;
      new EventLog(this.sink(task.id)).error(error?.code ?? 100, error?.message ?? INTERRUPTED);
      await tasks.finish(
        task.id,
        cancelling ? 'cancelled' : 'error',
        cancelling ? 'task cancelled' : INTERRUPTED,
        this.deps.now(),
      );
      await locks.releaseForTask(String(task.id));
      // Its compilation VMs' addresses (claims of no instance): nothing will release them once the task is over.
      await this.deps.store.ips.releaseClaims(String(task.id));
      this.deps.log(`Task ${String(task.id)} ended at start: it was ${task.state} when the director stopped`);
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const task = await this.deps.store.tasks.claimNext(this.deps.now()).catch((e: unknown) => {
        this.deps.log(`Claiming a task: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      });
      if (task !== undefined) {
        await this.run(task);
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.deps.idleMs ?? 1000);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Runs one claimed task to its end; never throws. */
  async run(task: TaskRecord): Promise<void> {
    const { files, store, now } = this.deps;
    files.create(task.id);
    const events = new EventLog(this.sink(task.id));
    const debug = (line: string) => {
      files.append(
        task.id,
        'debug',
        `D, [${new Date(now() * 1000).toISOString()}] DEBUG -- DirectorJobRunner: ${line}\n`,
      );
    };
    const ctx: TaskContext = {
      taskId: task.id,
      username: task.username,
      events,
      debug,
      now: () => Math.floor(now()),
      checkpoint: async () => {
        const current = await store.tasks.get(task.id);
        if (current?.state === 'cancelling') {
          throw new BoshError('TaskCancelled', `Task ${String(task.id)} cancelled`);
        }
      },
      withLock: (name, timeoutSeconds, work) =>
        this.deps.locks.withLock(
          name,
          {
            taskId: task.id,
            username: task.username,
            ...(task.deploymentName ? { deploymentName: task.deploymentName } : {}),
          },
          timeoutSeconds,
          work,
        ),
      writeResult: (text) => {
        files.append(task.id, 'result', text);
      },
    };
    const checkpoints = setInterval(() => {
      void store.tasks.checkpoint(task.id, now()).catch(() => undefined);
    }, this.deps.checkpointMs ?? 30_000);
    checkpoints.unref();
    try {
      debug(`Performing task: ${String(task.id)} (${task.type})`);
      await ctx.checkpoint();
      const job = this.deps.jobs.get(task.type);
      if (job === undefined) throw new BoshError('DirectorError', `Unknown task type '${task.type}'`);
      const result = await job(ctx, task.payload);
      debug('Done');
      await store.tasks.finish(task.id, 'done', truncateTaskResult(result), now());
    } catch (e) {
      const error = asBoshError(e);
      events.error(error.code, error.message);
      const cancelled = error.kind === 'TaskCancelled';
      debug(cancelled ? `Task ${String(task.id)} cancelled` : `${error.message}\n${error.stack ?? ''}`);
      await store.tasks
        .finish(
          task.id,
          cancelled ? 'cancelled' : 'error',
          truncateTaskResult(cancelled ? 'task cancelled' : error.message),
          now(),
        )
        .catch((f: unknown) => {
          this.deps.log(`Finishing task ${String(task.id)}: ${f instanceof Error ? f.message : String(f)}`);
        });
    } finally {
      clearInterval(checkpoints);
    }
  }

  private sink(id: number) {
    return {
      write: (line: string) => {
        this.deps.files.append(id, 'event', line);
      },
      now: () => Math.floor(this.deps.now()),
    };
  }
}
