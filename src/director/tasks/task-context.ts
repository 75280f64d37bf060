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
  advanceAndTrack<T>(task: string, work: (progress: TaskProgress) => Promise<T>): Promise<T>;
}

/** A tracked task's `advance(delta, status:)`: an `in_progress` event with the cumulative progress (capped 100). */
export interface TaskProgress {
  advance(delta: number, status: string): void;
}

export interface TaskEventLog {
  /** `begin_stage(name, total, tags)`; a null total is BOSH's `begin_stage(name)` (`"total":null`). */
  beginStage(stage: string, total: number | null, tags?: readonly string[]): EventStage;
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
  /**
   * BOSH's `Lock#lock`: holds the DB lock `name` (`lock:release:<name>`, `lock:stemcells:<name>:<version>`,
   * `lock:deployment:<name>`) while `work` runs, waiting up to `timeoutSeconds` for it (BOSH: 10 s; releases
   * 300 s) and failing with `Failed to acquire lock for <name> uid: <uid>. Locking task id is <id>, description:
   * '<description>'`.
   */
  withLock<T>(name: string, timeoutSeconds: number, work: () => Promise<T>): Promise<T>;
  /** Appends to the task's result output (`bosh task N --result`; NDJSON for some task types). */
  writeResult(text: string): void;
}

/**
 * A task type's work (bosh-director `Jobs::*#perform`): returns the task result (e.g. `/releases/foo/1`,
 * `/stemcells/name/version`); a thrown BoshError ends the task in `error` with its message and code.
 */
export type TaskJob = (ctx: TaskContext, payload: unknown) => Promise<string>;
