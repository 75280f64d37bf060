import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { parseBpmCommand, type BpmProcess, type BpmShim } from '../../core/monit/bpm.js';
import {
  DEFAULT_PROGRAM_TIMEOUT_SECONDS,
  type MonitProcess,
  type MonitProgram,
} from '../../core/monit/monit-types.js';
import type { PlannedService } from '../../core/monit/service-plan.js';
import {
  processStateOf,
  restartBackoffMs,
  type MonitorState,
  type ProcessStateName,
} from '../../core/monit/status.js';
import { loadBpmProcess, startBpmProcess } from './bpm-runner.js';
import { findMatching, pidAlive, readPidfile, readSnapshot, type ProcSnapshot } from './proc-table.js';
import { describeExit, spawnProgram, waitExit, type RunningProgram } from './programs.js';
import { terminate, waitUntil } from './signals.js';
import { vcapPath, type ResolvedOptions } from './types.js';
import { resolveIds } from './users.js';

export interface ServiceContext {
  readonly opts: ResolvedOptions;
  alert(service: Service, event: string, action: string, description: string): void;
}

export type ErrorFlag = 'nonexist' | 'exec';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One supervised `check process`: its monit state, its process, and the start/stop operations on it. */
export class Service {
  monitor: MonitorState = 'no';
  readonly flags = new Set<ErrorFlag>();
  ruleFailed: boolean[] = [];
  ruleHistory: boolean[][] = [];
  pid: number | undefined;
  startedAtMs: number | undefined;
  vitals = { memKb: 0, memPercent: 0, cpuTotal: 0 };
  lastCpu: { self: number; total: number; at: number } | undefined;
  /** Start attempts since the process last ran stably, and when the next may begin. */
  attempts = 0;
  nextStartAt = 0;
  restarts = 0;
  restartCycles: number[] = [];
  cycle = 0;
  /** Bumped by start/stop/unmonitor requests so a cycle's stale decision is dropped. */
  epoch = 0;
  /** Operations and restart chains holding the service; cycles skip a held service. */
  holds = 0;
  bpm: { readonly shim: BpmShim; readonly proc: BpmProcess } | undefined;
  private readonly groups = new Set<number>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    public planned: PlannedService,
    readonly ctx: ServiceContext,
  ) {}

  get name(): string {
    return this.planned.name;
  }

  get process(): MonitProcess {
    return this.planned.process;
  }

  update(planned: PlannedService): void {
    this.planned = planned;
    this.ruleFailed = [];
    this.ruleHistory = [];
  }

  get failed(): boolean {
    return this.flags.size > 0 || this.ruleFailed.some(Boolean);
  }

  state(): ProcessStateName {
    return processStateOf(this.monitor, this.failed);
  }

  get busy(): boolean {
    return this.holds > 0;
  }

  /** Runs operations on this service one at a time; cycles skip a busy service. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.holds++;
    const run = this.chain.then(fn).finally(() => {
      this.holds--;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** The live pid its pidfile names (or the oldest process matching its pattern). */
  async findPid(snapshot?: ProcSnapshot): Promise<number | undefined> {
    const o = this.ctx.opts;
    if (this.process.pidfile !== undefined) {
      const pid = await readPidfile(vcapPath(o.baseDir, this.process.pidfile));
      return pid !== undefined && (await pidAlive(pid)) ? pid : undefined;
    }
    const snap = snapshot ?? (await readSnapshot(o.now()));
    return findMatching(snap, new RegExp(this.process.matching ?? ''), process.pid);
  }

  /** Starts the process unless it runs; resolves true once it runs, false when the start failed. */
  async start(): Promise<boolean> {
    const o = this.ctx.opts;
    const running = await this.findPid();
    if (running !== undefined) return this.started(running);
    this.attempts++;
    // The initial start is attempt 1, so the first restart (attempt 2) goes at once, as the backoff rule says.
    this.nextStartAt = o.now() + restartBackoffMs(this.attempts - 1, o.backoffBaseMs, o.backoffMaxMs);
    const program = this.process.start;
    if (program === undefined) return this.startFailed('failed to start (no start program)');
    const timeoutMs = (program.timeoutSeconds ?? DEFAULT_PROGRAM_TIMEOUT_SECONDS) * 1000;
    let spawned: RunningProgram;
    try {
      spawned = await this.launch(program, timeoutMs);
    } catch (e) {
      return this.startFailed(`failed to start (${(e as Error).message})`);
    }
    this.groups.add(spawned.pid);
    const deadline = o.now() + timeoutMs;
    for (;;) {
      const pid = await this.findPid();
      if (pid !== undefined) return this.started(pid);
      const exit = spawned.exit();
      // A bpm process is its own program: its exit is a failure whatever the status.
      if (exit !== undefined && (exit.code !== 0 || exit.error !== undefined || this.bpm !== undefined)) {
        return this.startFailed(`failed to start (${describeExit(exit)})`);
      }
      if (o.now() >= deadline)
        return this.startFailed(`failed to start (timed out after ${timeoutMs / 1000} s)`);
      await Promise.race([sleep(o.pollMs), spawned.exited]);
    }
  }

  private async launch(program: MonitProgram, timeoutMs: number): Promise<RunningProgram> {
    const o = this.ctx.opts;
    const shim = parseBpmCommand(program.command, 'start');
    const proc = shim === undefined ? undefined : await loadBpmProcess(o.baseDir, shim);
    if (shim !== undefined && proc !== undefined) {
      this.bpm = { shim, proc };
      return (await startBpmProcess(o.baseDir, shim, proc, timeoutMs)).program;
    }
    this.bpm = undefined;
    return this.spawn(program, 'start');
  }

  spawn(program: MonitProgram, event: string): RunningProgram {
    const ids = resolveIds(program.uid, program.gid, (m) => {
      this.ctx.opts.log('warn', `${this.name}: ${m}`);
    });
    const spawned = spawnProgram(program.command, { env: this.programEnv(event), ...ids });
    if (spawned.pid > 0) this.groups.add(spawned.pid);
    return spawned;
  }

  /** Monit's program environment: PATH=/bin:/usr/bin:/sbin:/usr/sbin and MONIT_* on top of the base env. */
  private programEnv(event: string): NodeJS.ProcessEnv {
    const o = this.ctx.opts;
    return {
      ...o.env,
      PATH: '/bin:/usr/bin:/sbin:/usr/sbin',
      MONIT_SERVICE: this.name,
      MONIT_EVENT: event,
      MONIT_DESCRIPTION: `${event} ${this.name}`,
      MONIT_DATE: new Date(o.now()).toUTCString(),
      MONIT_HOST: hostname(),
      ...(this.pid !== undefined ? { MONIT_PROCESS_PID: String(this.pid) } : {}),
    };
  }

  // An unmonitor or stop that came in meanwhile (monitor 'no') wins over the outcome of a start.
  private started(pid: number): boolean {
    this.pid = pid;
    this.flags.delete('nonexist');
    this.flags.delete('exec');
    if (this.monitor !== 'no') this.monitor = 'yes';
    return true;
  }

  private startFailed(description: string): boolean {
    this.flags.add('exec');
    if (this.monitor !== 'no') this.monitor = 'yes';
    this.ctx.alert(this, 'execution failed', 'alert', description);
    return false;
  }

  /** A bpm shim whose process we run natively, when an earlier agent started it. */
  private async nativeBpmStop(): Promise<Service['bpm']> {
    const shim =
      this.process.stop === undefined ? undefined : parseBpmCommand(this.process.stop.command, 'stop');
    if (shim === undefined) return undefined;
    const proc = await loadBpmProcess(this.ctx.opts.baseDir, shim).catch(() => undefined);
    return proc === undefined ? undefined : { shim, proc };
  }

  /**
   * Stops the process: bpm's TERM/15 s/QUIT/2 s/KILL for a native bpm process, else the stop program (with its
   * timeout) and then TERM, a grace and KILL to whatever is left of the process and the groups we started.
   */
  async stopProcess(): Promise<void> {
    const o = this.ctx.opts;
    const pid = await this.findPid();
    const bpm = this.bpm ?? (await this.nativeBpmStop());
    if (bpm !== undefined) {
      const { shim, proc } = bpm;
      await terminate(pid, this.groups, {
        first: proc.shutdownSignal === 'INT' ? 'SIGINT' : 'SIGTERM',
        graceMs: o.bpmStopTimeoutMs,
        pollMs: o.pollMs,
        then: { signal: 'SIGQUIT', waitMs: 2000 },
      });
      await rm(vcapPath(o.baseDir, `/var/vcap/sys/run/bpm/${shim.job}/${shim.process}.pid`), { force: true });
    } else {
      const stop = this.process.stop;
      // As monit: the stop program runs only for a running process; leftovers of our groups go regardless.
      if (stop !== undefined && pid !== undefined) {
        const timeoutMs = (stop.timeoutSeconds ?? DEFAULT_PROGRAM_TIMEOUT_SECONDS) * 1000;
        const deadline = o.now() + timeoutMs;
        const exit = await waitExit(this.spawn(stop, 'stop'), timeoutMs);
        if (exit === undefined || exit.code !== 0) {
          const why = exit === undefined ? `timed out after ${timeoutMs / 1000} s` : describeExit(exit);
          this.ctx.alert(this, 'execution failed', 'alert', `failed to stop (${why})`);
        }
        await waitUntil(async () => !(await pidAlive(pid)), deadline - o.now(), o.pollMs);
      }
      await terminate(pid, this.groups, { first: 'SIGTERM', graceMs: o.killGraceMs, pollMs: o.pollMs });
    }
    this.groups.clear();
    this.bpm = undefined;
    this.pid = undefined;
    this.startedAtMs = undefined;
    this.lastCpu = undefined;
    this.vitals = { memKb: 0, memPercent: 0, cpuTotal: 0 };
  }
}
