/**
 * `canary_watch_time` / `update_watch_time` (milliseconds): `N` or `min-max`, and the polling schedule the
 * director sleeps through while waiting for an instance to report `running` (`Starter#watch_schedule`).
 */
import { BoshError } from '../errors.js';

export interface WatchTimes {
  readonly min: number;
  readonly max: number;
}

/** `UpdateConfig#parse_watch_times`. */
export function parseWatchTimes(value: number | string): WatchTimes {
  const text = String(value);
  const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(text);
  const single = /^\s*(\d+)\s*$/.exec(text);
  let result: WatchTimes;
  if (range) result = { min: Number(range[1]), max: Number(range[2]) };
  else if (single) result = { min: Number(single[1]), max: Number(single[1]) };
  else
    throw new BoshError(
      'UpdateConfigInvalidWatchTime',
      'Watch time should be an integer or a range of two integers',
    );
  if (result.min > result.max)
    throw new BoshError(
      'UpdateConfigInvalidWatchTime',
      'Min watch time cannot be greater than max watch time',
    );
  return result;
}

const WATCH_INTERVALS = 10;
const MIN_STEP = 1000;
const MAX_STEP = 15000;

/**
 * The sleeps (ms) before each `get_state` poll: first `min`, then equal steps spreading the rest of
 * `[min, max]` over nine intervals, each step clamped to 1–15 s. The director stops at the first `running`.
 */
export function watchSchedule(min: number, max: number): number[] {
  const delta = max - min;
  const step = [MIN_STEP, delta / (WATCH_INTERVALS - 1), MAX_STEP].sort((a, b) => a - b)[1] ?? MIN_STEP;
  return [min, ...Array<number>(Math.max(0, Math.floor(delta / step))).fill(step)];
}

/** The message of `AgentJobNotRunning` when the last poll is still not `running`. */
export function notRunningMessage(instance: string, failingJobs: readonly string[]): string {
  const base = `'${instance}' is not running after update.`;
  return failingJobs.length === 0 ? base : `${base} Review logs for failed jobs: ${failingJobs.join(', ')}`;
}
