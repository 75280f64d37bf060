import type { MonitCycles, MonitOperator } from './monit-types.js';

/** Monit's `monitor` field: 0 not monitored, 2 initializing (a start is under way), 1 monitored. */
export type MonitorState = 'no' | 'init' | 'yes';

/** A process's state in `get_state` (bosh-agent jobsupervisor/monit/status.go). */
export type ProcessStateName = 'running' | 'failing' | 'starting' | 'unknown';

/** The aggregate `job_state` (bosh-agent MonitJobSupervisor.Status). */
export type JobState = 'running' | 'failing' | 'starting' | 'stopped' | 'unknown';

/** Not monitored → unknown; initializing → starting; no error bit → running; else failing. */
export function processStateOf(monitor: MonitorState, failed: boolean): ProcessStateName {
  if (monitor === 'no') return 'unknown';
  if (monitor === 'init') return 'starting';
  return failed ? 'failing' : 'running';
}

export interface JobStateInput {
  /** False when the supervisor cannot answer (the agent: monit unreachable). */
  readonly reachable: boolean;
  /** The agent's `stopped` marker: written by stop, removed by start. */
  readonly stopped: boolean;
  readonly processes: readonly { readonly monitored: boolean; readonly state: ProcessStateName }[];
}

/**
 * unknown when unreachable; stopped when marked stopped; starting when any process is starting; failing when any
 * is unmonitored or not running; else running (so no processes at all is running).
 */
export function aggregateJobState(input: JobStateInput): JobState {
  if (!input.reachable) return 'unknown';
  if (input.stopped) return 'stopped';
  let state: JobState = 'running';
  for (const p of input.processes) {
    if (p.state === 'starting') return 'starting';
    if (!p.monitored || p.state !== 'running') state = 'failing';
  }
  return state;
}

export function compareLimit(operator: MonitOperator, actual: number, limit: number): boolean {
  switch (operator) {
    case '>':
      return actual > limit;
    case '<':
      return actual < limit;
    case '>=':
      return actual >= limit;
    case '<=':
      return actual <= limit;
    case '=':
      return actual === limit;
    case '!=':
      return actual !== limit;
  }
}

/** True when at least `times` of the last `within` cycle results (newest last) are matches. */
export function cyclesMatched(history: readonly boolean[], cycles: MonitCycles): boolean {
  const recent = history.slice(-cycles.within);
  return recent.filter(Boolean).length >= cycles.times;
}

/** Keeps the results a window needs, newest last. */
export function pushHistory(history: readonly boolean[], matched: boolean, cycles: MonitCycles): boolean[] {
  return [...history, matched].slice(-cycles.within);
}

/**
 * The wait before restart attempt `attempt` (0-based, counted since the process last ran stably): the first
 * restart is immediate, then base, 2×base, 4×base, ... capped at max.
 */
export function restartBackoffMs(attempt: number, baseMs: number, maxMs: number): number {
  if (attempt <= 0) return 0;
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 30));
}

/** Sizes as monit prints them in event descriptions: `512 B`, `3.1 kB`, `2.9 MB`, `1.0 GB`. */
export function formatMonitBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[i] ?? ''}`;
}
