import type { EventStage, TaskEventLog, TaskProgress } from './task-context.js';

/** Where event lines go (a task's `event` file) and the clock (Unix seconds). */
export interface EventSink {
  write(line: string): void;
  now(): number;
}

/**
 * bosh-director's EventLog: one JSON object per line with keys in Ruby's merge order
 * `time, stage, tags, total, task, index, state, progress[, data]`; `data` only when non-empty.
 */
export class EventLog implements TaskEventLog {
  constructor(private readonly sink: EventSink) {}

  beginStage(stage: string, total: number | null, tags: readonly string[] = []): EventStage {
    let index = 0;
    const emit = (
      task: string,
      i: number,
      state: string,
      progress: number,
      data?: Record<string, string>,
    ) => {
      this.line({
        time: this.sink.now(),
        stage,
        tags: [...tags],
        total,
        task,
        index: i,
        state,
        progress,
        ...(data === undefined ? {} : { data }),
      });
    };
    return {
      advanceAndTrack: async <T>(task: string, work: (progress: TaskProgress) => Promise<T>): Promise<T> => {
        index += 1;
        const i = index;
        emit(task, i, 'started', 0);
        let progress = 0;
        const tracker: TaskProgress = {
          advance: (delta, status) => {
            progress = Math.min(100, progress + delta);
            emit(task, i, 'in_progress', progress, { status });
          },
        };
        try {
          const result = await work(tracker);
          emit(task, i, 'finished', 100);
          return result;
        } catch (e) {
          emit(task, i, 'failed', 100, { error: e instanceof Error ? e.message : String(e) });
          throw e;
        }
      },
    };
  }

  warning(message: string): void {
    this.line({ time: this.sink.now(), type: 'warning', message });
  }

  /** The task-level error line, written once when the task fails (`log_exception`). */
  error(code: number, message: string): void {
    this.line({ time: this.sink.now(), error: { code, message } });
  }

  private line(event: Record<string, unknown>): void {
    this.sink.write(`${JSON.stringify(event)}\n`);
  }
}
