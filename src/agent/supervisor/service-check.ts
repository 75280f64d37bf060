import type { MonitActionKind, MonitProgram, MonitRule } from '../../core/monit/monit-types.js';
import { compareLimit, cyclesMatched, formatMonitBytes, pushHistory } from '../../core/monit/status.js';
import { checkHttp, checkTcp, checkUnixSocket } from './net-checks.js';
import { processTree, startedAtMs, type ProcSnapshot } from './proc-table.js';
import type { Service } from './service.js';
import { signalGroup } from './signals.js';
import { vcapPath } from './types.js';

/** What a cycle asks the supervisor to do with a service. */
export type CycleAction =
  | { readonly kind: 'start' | 'restart' | 'stop' | 'unmonitor' }
  | { readonly kind: 'exec'; readonly program: MonitProgram };

/**
 * One monit cycle for one monitored service: is its process alive (else ask for a start, within the backoff), its
 * vitals, and its rules (`totalmem`, `failed port`, `restarts within`), each firing after its cycle window.
 */
export async function checkService(s: Service, snapshot: ProcSnapshot): Promise<CycleAction[]> {
  const o = s.ctx.opts;
  const now = o.now();
  const pid = await s.findPid(snapshot);
  if (pid === undefined) {
    s.pid = undefined;
    s.startedAtMs = undefined;
    s.lastCpu = undefined;
    s.vitals = { memKb: 0, memPercent: 0, cpuTotal: 0 };
    const passive = s.process.mode === 'passive';
    if (!s.flags.has('nonexist')) {
      s.flags.add('nonexist');
      s.ctx.alert(s, 'does not exist', passive ? 'alert' : 'restart', 'process is not running');
    }
    if (passive) return [];
    const guard = restartsGuard(s);
    if (guard.length > 0) return guard;
    return now >= s.nextStartAt ? [{ kind: 'start' }] : [];
  }
  if (s.flags.delete('nonexist')) s.ctx.alert(s, 'exists', 'alert', `process is running with pid ${pid}`);
  s.flags.delete('exec');
  if (s.monitor === 'init') s.monitor = 'yes';
  if (s.pid !== pid) s.lastCpu = undefined;
  s.pid = pid;
  const tree = processTree(snapshot, pid);
  const self = tree[0];
  s.startedAtMs = self === undefined ? undefined : startedAtMs(snapshot, self);
  if (s.startedAtMs !== undefined && now - s.startedAtMs >= o.backoffResetMs) s.attempts = 0;
  const memKb = tree.reduce((sum, p) => sum + p.rssKb, 0);
  const ticks = { self: self?.cpuTicks ?? 0, total: tree.reduce((sum, p) => sum + p.cpuTicks, 0) };
  const selfKb = self?.rssKb ?? 0;
  const cpu = cpuPercent(s, ticks, now, snapshot.cpuCount);
  s.vitals = {
    memKb,
    memPercent: percentOf(memKb, snapshot.memTotalKb),
    cpuTotal: cpu?.total ?? s.vitals.cpuTotal,
  };

  const limit = s.bpm?.proc.limits.memoryBytes;
  if (limit !== undefined && memKb * 1024 > limit) {
    // bpm's cgroup would OOM-kill it; the next cycle restarts it.
    o.log('warn', `${s.name}: memory ${formatMonitBytes(memKb * 1024)} exceeds the bpm limit; killing it`);
    await signalGroup(self?.pgid ?? pid, 'SIGKILL');
    return [];
  }
  const measures: Measures = {
    memKb,
    selfKb,
    memTotalKb: snapshot.memTotalKb,
    cpu,
    children: tree.length - 1,
  };
  const actions: CycleAction[] = [...restartsGuard(s)];
  for (const [i, rule] of s.process.rules.entries()) {
    const result = await evaluate(s, rule, measures);
    if (result === undefined) continue;
    const history = pushHistory(s.ruleHistory[i] ?? [], result.matched, rule.cycles);
    if (result.matched && cyclesMatched(history, rule.cycles)) {
      if (s.ruleFailed[i] !== true || rule.action.kind !== 'alert') {
        s.ctx.alert(s, result.event, actionName(rule), result.description);
      }
      s.ruleFailed[i] = true;
      s.ruleHistory[i] = [];
      pushAction(actions, rule.action.kind, rule.action.program);
    } else {
      s.ruleHistory[i] = history;
      if (!result.matched && s.ruleFailed[i] === true) {
        s.ruleFailed[i] = false;
        const recovery = rule.recovery;
        s.ctx.alert(s, result.recovered, recovery?.kind ?? 'alert', result.description);
        if (recovery !== undefined) pushAction(actions, recovery.kind, recovery.program);
      }
    }
  }
  return actions;
}

interface Measures {
  readonly memKb: number;
  readonly selfKb: number;
  readonly memTotalKb: number;
  readonly cpu: { readonly self: number; readonly total: number } | undefined;
  readonly children: number;
}

interface Evaluation {
  readonly matched: boolean;
  readonly event: string;
  readonly recovered: string;
  readonly description: string;
}

async function evaluate(s: Service, rule: MonitRule, m: Measures): Promise<Evaluation | undefined> {
  const o = s.ctx.opts;
  switch (rule.kind) {
    case 'resource': {
      const actual = resourceValue(rule.resource, rule.unit, m);
      if (actual === undefined) return undefined;
      const shown = (v: number): string =>
        rule.unit === 'bytes'
          ? formatMonitBytes(v)
          : rule.unit === 'percent'
            ? `${v.toFixed(1)}%`
            : String(v);
      return {
        matched: compareLimit(rule.operator, actual, rule.limit),
        event: 'resource limit matched',
        recovered: 'resource limit succeeded',
        description: `${rule.resource} of ${shown(actual)} matches resource limit [${rule.resource} ${rule.operator} ${shown(rule.limit)}]`,
      };
    }
    case 'port': {
      if (rule.type === 'udp') return undefined;
      const timeoutMs = rule.timeoutSeconds * 1000;
      const tls = rule.type === 'tcpssl' || rule.protocol === 'https';
      const error =
        rule.protocol === 'http' || rule.protocol === 'https'
          ? await checkHttp(rule.host, rule.port, rule.request ?? '/', tls, timeoutMs)
          : await checkTcp(rule.host, rule.port, timeoutMs);
      return connection(
        error,
        `[${rule.host}]:${rule.port}${rule.protocol !== undefined ? ` [${rule.protocol}]` : ''}`,
      );
    }
    case 'unixsocket': {
      const path = vcapPath(o.baseDir, rule.path);
      return connection(await checkUnixSocket(path, rule.timeoutSeconds * 1000), path);
    }
    case 'restarts':
    case 'unsupported':
      return undefined;
  }
}

function connection(error: string | undefined, target: string): Evaluation {
  return {
    matched: error !== undefined,
    event: 'connection failed',
    recovered: 'connection succeeded',
    description:
      error === undefined
        ? `connection succeeded to ${target}`
        : `failed, cannot open a connection to ${target}: ${error}`,
  };
}

function resourceValue(resource: string, unit: string, m: Measures): number | undefined {
  switch (resource) {
    case 'totalmem':
      return unit === 'percent' ? percentOf(m.memKb, m.memTotalKb) : m.memKb * 1024;
    case 'mem':
      return unit === 'percent' ? percentOf(m.selfKb, m.memTotalKb) : m.selfKb * 1024;
    case 'cpu':
      return m.cpu?.self;
    case 'totalcpu':
      return m.cpu?.total;
    default:
      return m.children;
  }
}

/** `if N restarts within M cycles then ACTION`: counted over the restarts the supervisor made. */
function restartsGuard(s: Service): CycleAction[] {
  const actions: CycleAction[] = [];
  for (const rule of s.process.rules) {
    if (rule.kind !== 'restarts') continue;
    const recent = s.restartCycles.filter((c) => c > s.cycle - rule.cycles.within).length;
    if (recent < rule.count) continue;
    s.restartCycles = [];
    s.ctx.alert(
      s,
      'timeout',
      actionName(rule),
      `service restarted ${recent} times within ${rule.cycles.within} cycles`,
    );
    pushAction(actions, rule.action.kind, rule.action.program);
  }
  return actions;
}

/** Monit's actions as supervisor requests; `alert` needs none, `timeout` stops monitoring the service. */
function pushAction(actions: CycleAction[], kind: MonitActionKind, program: MonitProgram | undefined): void {
  if (kind === 'alert') return;
  if (kind === 'exec') {
    if (program !== undefined) actions.push({ kind: 'exec', program });
    return;
  }
  actions.push({ kind: kind === 'timeout' ? 'unmonitor' : kind });
}

function actionName(rule: MonitRule): string {
  return rule.action.kind;
}

/** CPU use since the last cycle, as a percentage of all CPUs (monit's `cpu` and `totalcpu`). */
function cpuPercent(
  s: Service,
  ticks: { readonly self: number; readonly total: number },
  now: number,
  cpuCount: number,
): { self: number; total: number } | undefined {
  const last = s.lastCpu;
  s.lastCpu = { ...ticks, at: now };
  if (last === undefined || now <= last.at) return undefined;
  const percent = (delta: number): number => {
    const p = (delta / 100 / ((now - last.at) / 1000) / Math.max(1, cpuCount)) * 100;
    return Math.max(0, Math.round(p * 10) / 10);
  };
  return { self: percent(ticks.self - last.self), total: percent(ticks.total - last.total) };
}

function percentOf(kb: number, totalKb: number): number {
  return totalKb > 0 ? Math.round((kb / totalKb) * 1000) / 10 : 0;
}
