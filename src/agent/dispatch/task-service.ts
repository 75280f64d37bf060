import { toError } from '../../base/errors.js';
import type { AgentValue } from '../../protocol/agent.js';
import type { Logger } from '../logger.js';

export type TaskState = 'running' | 'done' | 'failed';

export interface Task {
  readonly id: string;
  state: TaskState;
  value: AgentValue;
  error: Error | undefined;
  /** Cleared once the task has ended: cancelling a finished task succeeds and does nothing. */
  cancel: (() => Promise<void>) | undefined;
}

/** Thrown by a task whose agent is restarting: it stays `running` for the next agent to resume. */
export class AgentRestarting extends Error {
  override readonly name = 'AgentRestarting';
}

/**
 * bosh-agent's async task service: tasks run strictly one at a time in the order started; every task is kept so
 * get_task can report it later.
 */
export class TaskService {
  private readonly tasks = new Map<string, Task>();
  private readonly queue: {
    task: Task;
    run: () => Promise<AgentValue>;
    end?: (t: Task) => Promise<void> | void;
  }[] = [];
  private running = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;

  constructor(private readonly logger: Logger) {}

  /** Records the task and queues it; it runs when every task started before it has ended. */
  start(
    id: string,
    run: () => Promise<AgentValue>,
    cancel: () => Promise<void>,
    end?: (task: Task) => Promise<void> | void,
  ): Task {
    const task: Task = { id, state: 'running', value: null, error: undefined, cancel };
    this.tasks.set(id, task);
    this.queue.push(end ? { task, run, end } : { task, run });
    if (!this.running) {
      this.running = true;
      this.idle = new Promise((resolve) => (this.markIdle = resolve));
      void this.drain();
    }
    return task;
  }

  find(id: string): Task | undefined {
    return this.tasks.get(id);
  }

  /** Resolves once no task is queued or running (for a clean shutdown and for tests). */
  whenIdle(): Promise<void> {
    return this.idle;
  }

  private async drain(): Promise<void> {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      const { task, run, end } = next;
      try {
        task.value = await run();
        task.state = 'done';
      } catch (e) {
        if (e instanceof AgentRestarting) continue;
        task.error = toError(e);
        task.state = 'failed';
        this.logger.error('Task Service', `Failed processing task #${task.id} got: ${task.error.message}`);
      }
      await end?.(task);
      task.cancel = undefined;
    }
    this.running = false;
    this.markIdle();
  }
}
