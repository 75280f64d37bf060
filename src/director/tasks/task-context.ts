/**
 * What a task's job works with (bosh-director's `Jobs::BaseJob` + `Config.event_log` + `task_checkpoint`): the
 * event log the CLI renders, the debug log, cooperative cancellation, and the clock.
 */

/** One stage of the event log (`EventLog::Stage`): tasks numbered by a counter shared across the stage. */
export interface EventStage {
  /**
   * `advance_and_track`: emits `started` (progress 0) for `task`, runs `work`, then `finished` (progress 100), or
   * `failed` (progress 100, `data.error` = the error's message) and rethrows.
   */
  advanceAndTrack<T>(task: string, work: () => Promise<T>): Promise<T>;
}

export interface TaskEventLog {
  /** `begin_stage(name, total, tags)`. */
  beginStage(stage: string, total: number, tags?: readonly string[]): EventStage;
  /** `{"time":…,"type":"warning","message":…}` */
  warning(message: string): void;
}

export interface TaskContext {
  readonly taskId: number;
  readonly username: string;
  readonly events: TaskEventLog;
  /** A line of the task's debug log (`bosh task N --debug`). */
  debug(line: string): void;
  /** Throws `TaskCancelled` when the task is being cancelled; call it between steps (`task_checkpoint`). */
  checkpoint(): Promise<void>;
  /** Unix seconds. */
  now(): number;
}

/**
 * A task type's work (bosh-director `Jobs::*#perform`): returns the task result (e.g. `/releases/foo/1`,
 * `/stemcells/name/version`); a thrown BoshError ends the task in `error` with its message and code.
 */
export type TaskJob = (ctx: TaskContext, payload: unknown) => Promise<string>;
