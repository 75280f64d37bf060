import type { EventStage, TaskContext, TaskProgress } from '../director/tasks/task-context.js';

/** One event line as a job's stages emit it (time left out). */
export interface RecordedEvent {
  readonly stage: string;
  readonly total: number;
  readonly tags: readonly string[];
  readonly task: string;
  readonly index: number;
  readonly state: 'started' | 'finished' | 'failed';
  readonly error?: string;
}

/**
 * A TaskContext for unit tests of task jobs: records the event log (as `bosh-director`'s EventLog numbers tasks
 * within a stage), debug lines, warnings and the locks taken; `withLock` just runs the work.
 */
export class RecordingTaskContext implements TaskContext {
  readonly recorded: RecordedEvent[] = [];
  readonly debugLines: string[] = [];
  readonly warnings: string[] = [];
  readonly locks: Array<{ readonly name: string; readonly timeout: number }> = [];
  readonly results: string[] = [];
  cancelled = false;

  constructor(
    readonly taskId = 1,
    readonly username = 'admin',
  ) {}

  /** `in_progress` statuses, as `<task>: <status>`. */
  readonly statuses: string[] = [];

  readonly events = {
    beginStage: (stage: string, total: number, tags: readonly string[] = []): EventStage => {
      let index = 0;
      const record = (task: string, i: number, state: RecordedEvent['state'], error?: string): void => {
        this.recorded.push({
          stage,
          total,
          tags,
          task,
          index: i,
          state,
          ...(error === undefined ? {} : { error }),
        });
      };
      return {
        advanceAndTrack: async <T>(
          task: string,
          work: (progress: TaskProgress) => Promise<T>,
        ): Promise<T> => {
          index += 1;
          const i = index;
          record(task, i, 'started');
          try {
            const result = await work({
              advance: (_delta, status) => {
                this.statuses.push(`${task}: ${status}`);
              },
            });
            record(task, i, 'finished');
            return result;
          } catch (e) {
            record(task, i, 'failed', e instanceof Error ? e.message : String(e));
            throw e;
          }
        },
      };
    },
    warning: (message: string): void => {
      this.warnings.push(message);
    },
  };

  debug(line: string): void {
    this.debugLines.push(line);
  }

  checkpoint(): Promise<void> {
    return this.cancelled ? Promise.reject(new Error(`Task ${this.taskId} cancelled`)) : Promise.resolve();
  }

  now(): number {
    return 1_700_000_000;
  }

  withLock<T>(name: string, timeoutSeconds: number, work: () => Promise<T>): Promise<T> {
    this.locks.push({ name, timeout: timeoutSeconds });
    return work();
  }

  writeResult(text: string): void {
    this.results.push(text);
  }

  /** `stage > task: state` lines, the way the CLI shows progress. */
  get eventLines(): string[] {
    return this.recorded.map(
      (e) =>
        `${e.stage} (${e.index}/${e.total}) > ${e.task}: ${e.state}${e.error === undefined ? '' : ` (${e.error})`}`,
    );
  }
}
