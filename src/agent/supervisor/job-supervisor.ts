import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatMonitProblem } from '../../core/monit/monit-errors.js';
import { planServices, type JobMonitFiles } from '../../core/monit/service-plan.js';
import { aggregateJobState, type JobState } from '../../core/monit/status.js';
import { readSnapshot } from './proc-table.js';
import { buildAlert, processReport, statusReport } from './reports.js';
import { restartChain, startInOrder, stopDependantsFirst } from './service-chains.js';
import { Service, type ServiceContext } from './service.js';
import { checkService, type CycleAction } from './service-check.js';
import {
  resolveOptions,
  type ProcessState,
  type ResolvedOptions,
  type ServiceStatus,
  type SupervisorAlert,
  type SupervisorOptions,
} from './types.js';

/**
 * Supervises the processes of a VM's jobs from their monit files, in place of monit: starts them in dependency
 * order, restarts them with backoff when they die, applies `totalmem` and `failed port` rules every cycle, stops
 * them (dependants first), and reports process and job states exactly as the agent derives them from monit.
 */
export class JobSupervisor {
  private readonly o: ResolvedOptions;
  private readonly ctx: ServiceContext;
  private services: Service[] = [];
  private readonly listeners = new Set<(alert: SupervisorAlert) => void>();
  private readonly pending = new Set<Promise<void>>();
  private stopped: boolean;
  private disposed = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private cycle = 0;
  private warningList: string[] = [];

  constructor(options: SupervisorOptions = {}) {
    this.o = resolveOptions(options);
    this.stopped = this.o.stoppedMarkerPath !== undefined && existsSync(this.o.stoppedMarkerPath);
    this.ctx = {
      opts: this.o,
      alert: (s, e, a, d) => {
        this.alert(s, e, a, d);
      },
    };
  }

  /** How many monitoring cycles have run (for logs, and for tests that must let cycles pass). */
  get cycleCount(): number {
    return this.cycle;
  }

  /** Problems that did not stop the load: unsupported tests, services outside the group. */
  get warnings(): readonly string[] {
    return this.warningList;
  }

  /** Takes the jobs' monit files (monit reload): kept services keep their state, removed ones are stopped. */
  async reload(jobs: readonly JobMonitFiles[]): Promise<void> {
    this.assertLive();
    const plan = planServices(jobs, this.o.group);
    this.warningList = [
      ...jobs.flatMap((j) => j.files.flatMap((f) => f.warnings.map((w) => formatMonitProblem(w)))),
      ...plan.warnings,
    ];
    for (const w of this.warningList) this.o.log('warn', w);
    const old = new Map(this.services.map((s) => [s.name, s]));
    this.services = plan.services.map((p) => {
      const s = old.get(p.name);
      old.delete(p.name);
      if (s === undefined) return new Service(p, this.ctx);
      s.update(p);
      return s;
    });
    await Promise.all(
      [...old.values()].map((s) => {
        this.unmonitorService(s);
        return s.exclusive(() => s.stopProcess());
      }),
    );
    this.ensureLoop();
  }

  /** Monitors and starts every service, dependencies first; resolves when each start has succeeded or failed. */
  async start(): Promise<void> {
    this.assertLive();
    // Synchronously first, so a caller that does not wait already sees `starting`.
    for (const s of this.services) {
      s.epoch++;
      if (s.monitor === 'no') s.monitor = 'init';
      s.attempts = 0;
      s.nextStartAt = 0;
      s.flags.clear();
      s.ruleFailed = [];
      s.ruleHistory = [];
    }
    await this.setStopped(false);
    await startInOrder(this.services);
    this.ensureLoop();
  }

  /** Stops every service, dependants first, and marks the job stopped (the agent's StopAndWait). */
  async stop(): Promise<void> {
    this.assertLive();
    await this.setStopped(true);
    for (const s of this.services) this.unmonitorService(s);
    await stopDependantsFirst(this.services, this.services);
  }

  /** Stops monitoring (drain does this first); processes keep running and `start` monitors them again. */
  unmonitor(): Promise<void> {
    for (const s of this.services) this.unmonitorService(s);
    return Promise.resolve();
  }

  /** Whether any configured process runs now (its pidfile's pid alive, or its pattern matched), watched or not. */
  async anyRunning(): Promise<boolean> {
    const pids = await Promise.all(this.services.map((s) => s.findPid()));
    return pids.some((pid) => pid !== undefined);
  }

  processes(): ProcessState[] {
    const now = this.o.now();
    return this.reported().map((s) => processReport(s, now));
  }

  jobState(): JobState {
    const processes = this.reported().map((s) => ({ monitored: s.monitor !== 'no', state: s.state() }));
    return aggregateJobState({ reachable: !this.disposed, stopped: this.stopped, processes });
  }

  status(): ServiceStatus[] {
    return this.services.map(statusReport);
  }

  /** Alerts as monit would mail them to the agent; returns the unsubscribe function. */
  onAlert(listener: (alert: SupervisorAlert) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops the cycle and waits for what is under way; processes are left as they are (monit quitting). */
  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private reported(): Service[] {
    return this.services.filter((s) => s.planned.reported);
  }

  private unmonitorService(s: Service): void {
    s.epoch++;
    s.monitor = 'no';
    s.flags.clear();
    s.ruleFailed = [];
    s.ruleHistory = [];
  }

  private async setStopped(stopped: boolean): Promise<void> {
    this.stopped = stopped;
    const path = this.o.stoppedMarkerPath;
    if (path === undefined) return;
    if (stopped) {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, '');
    } else await rm(path, { force: true });
  }

  private assertLive(): void {
    if (this.disposed) throw new Error('job supervisor is disposed');
  }

  private ensureLoop(): void {
    if (this.disposed || this.timer !== undefined || this.running !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.runCycle()
        .catch((e: unknown) => {
          this.o.log('error', `supervisor cycle failed: ${(e as Error).message}`);
        })
        .finally(() => {
          this.running = undefined;
          this.ensureLoop();
        });
    }, this.o.cycleMs);
    this.timer.unref();
  }

  private async runCycle(): Promise<void> {
    const cycle = ++this.cycle;
    const due = this.services.filter(
      (s) => s.monitor !== 'no' && !s.busy && cycle % (s.process.everyCycles ?? 1) === 0,
    );
    if (due.length === 0) return;
    const snapshot = await readSnapshot(this.o.now());
    await Promise.all(
      due.map(async (s) => {
        const epoch = s.epoch;
        s.cycle = cycle;
        for (const action of await checkService(s, snapshot)) this.track(this.perform(s, action, epoch));
      }),
    );
  }

  private track(p: Promise<void>): void {
    const tracked = p.catch((e: unknown) => {
      this.o.log('error', `supervisor action failed: ${(e as Error).message}`);
    });
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  private async perform(s: Service, action: CycleAction, epoch: number): Promise<void> {
    if (s.epoch !== epoch || s.monitor === 'no' || this.disposed) return;
    switch (action.kind) {
      case 'start':
      case 'restart':
        return restartChain(this.services, s, action.kind === 'restart', this.cycle);
      case 'stop':
        this.unmonitorService(s);
        return stopDependantsFirst(this.services, [s]);
      case 'unmonitor':
        this.unmonitorService(s);
        return;
      case 'exec':
        s.spawn(action.program, 'exec');
        return;
    }
  }

  private alert(s: Service, event: string, action: string, description: string): void {
    const alert = buildAlert(s, event, action, description, this.o.now());
    const quiet = event === 'exists' || event.endsWith('succeeded');
    this.o.log(quiet ? 'info' : 'warn', `'${s.name}' ${event} (${action}): ${description}`);
    for (const listener of this.listeners) {
      try {
        listener(alert);
      } catch (e) {
        this.o.log('error', `alert listener failed: ${(e as Error).message}`);
      }
    }
  }
}
