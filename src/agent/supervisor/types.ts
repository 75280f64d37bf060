import type { MonitorState, ProcessStateName } from '../../core/monit/status.js';

export type { JobState, ProcessStateName } from '../../core/monit/status.js';

/** A process as `get_state` reports it (bosh-agent jobsupervisor.Process; zero uptime and kb are omitted). */
export interface ProcessState {
  readonly name: string;
  readonly state: ProcessStateName;
  readonly uptime: { readonly secs?: number };
  readonly mem: { readonly kb?: number; readonly percent: number };
  readonly cpu: { readonly total: number };
}

/** What a monit alert mail carries (`Service:`, `Event:`, `Action:`, `Date:`, `Description:`), plus the job. */
export interface SupervisorAlert {
  readonly id: string;
  readonly service: string;
  readonly job: string;
  /** Monit's event name in lower case: `does not exist`, `execution failed`, `resource limit matched`, ... */
  readonly event: string;
  readonly action: string;
  readonly description: string;
  /** ms since the epoch. */
  readonly date: number;
}

/** Everything about one supervised service, for logs and debugging. */
export interface ServiceStatus {
  readonly name: string;
  readonly job: string;
  readonly reported: boolean;
  readonly monitor: MonitorState;
  readonly state: ProcessStateName;
  readonly pid?: number;
  readonly errors: readonly string[];
  /** Start attempts since the process last ran stably (drives the backoff). */
  readonly attempts: number;
  readonly restarts: number;
  readonly native: 'bpm' | 'monit';
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface SupervisorOptions {
  /** The VM's `/var/vcap` (default `/var/vcap`): `/var/vcap/...` pidfiles, sockets and bpm paths are read under it. */
  readonly baseDir?: string;
  /** The group the agent manages (default `vcap`). */
  readonly group?: string;
  /** Monit's `set daemon` cycle (default 10 s, as on stemcells). */
  readonly cycleMs?: number;
  /** Poll interval while waiting for a start or stop (default 100 ms). */
  readonly pollMs?: number;
  /** Restart backoff: the first restart is immediate, then base (default one cycle), doubling up to max (60 s). */
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  /** A process that has run this long (default 30 s) starts its backoff afresh. */
  readonly backoffResetMs?: number;
  /** After a stop program, how long before the process groups are TERMed, then KILLed (default 10 s each). */
  readonly killGraceMs?: number;
  /** bpm's stop: shutdown signal, this long (default 15 s), QUIT, 2 s, KILL. */
  readonly bpmStopTimeoutMs?: number;
  /** The agent's stopped marker (`/var/vcap/monit/stopped`); kept in memory when absent. */
  readonly stoppedMarkerPath?: string;
  /** The environment start/stop programs inherit (default process.env); monit's PATH and MONIT_* go on top. */
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: () => number;
  readonly log?: (level: LogLevel, message: string) => void;
}

export type ResolvedOptions = Required<Omit<SupervisorOptions, 'stoppedMarkerPath'>> & {
  readonly stoppedMarkerPath: string | undefined;
};

export function resolveOptions(o: SupervisorOptions): ResolvedOptions {
  const cycleMs = o.cycleMs ?? 10_000;
  return {
    baseDir: o.baseDir ?? '/var/vcap',
    group: o.group ?? 'vcap',
    cycleMs,
    pollMs: o.pollMs ?? 100,
    backoffBaseMs: o.backoffBaseMs ?? cycleMs,
    backoffMaxMs: o.backoffMaxMs ?? 60_000,
    backoffResetMs: o.backoffResetMs ?? 30_000,
    killGraceMs: o.killGraceMs ?? 10_000,
    bpmStopTimeoutMs: o.bpmStopTimeoutMs ?? 15_000,
    stoppedMarkerPath: o.stoppedMarkerPath,
    env: o.env ?? process.env,
    now: o.now ?? Date.now,
    log: o.log ?? (() => undefined),
  };
}

/** Maps `/var/vcap/...` under the configured base directory. */
export function vcapPath(baseDir: string, path: string): string {
  if (baseDir === '/var/vcap' || !(path === '/var/vcap' || path.startsWith('/var/vcap/'))) return path;
  return baseDir.replace(/\/+$/, '') + path.slice('/var/vcap'.length);
}
