import { readFile, readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';

/** One process as /proc/<pid>/stat shows it. */
export interface ProcInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** R, S, D, Z, T, ... */
  readonly state: string;
  /** utime + stime, in clock ticks. */
  readonly cpuTicks: number;
  /** Start time, in clock ticks since boot. */
  readonly startTicks: number;
  readonly rssKb: number;
}

/** A snapshot of every process, read once per cycle. */
export interface ProcSnapshot {
  readonly takenAtMs: number;
  /** Seconds since boot when the snapshot was taken (/proc/uptime). */
  readonly uptimeSecs: number;
  readonly procs: ReadonlyMap<number, ProcInfo>;
  readonly memTotalKb: number;
  readonly cpuCount: number;
}

// Linux fixes USER_HZ at 100 for userspace and x86-64/arm64 pages at 4 KiB.
const CLOCK_TICKS = 100;
const PAGE_KB = 4;

/** Parses /proc/<pid>/stat; the command name may hold spaces and parentheses, so fields start after the last `)`. */
export function parseStat(pid: number, text: string): ProcInfo | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const f = text.slice(close + 2).split(' ');
  const num = (i: number): number => Number(f[i] ?? 0);
  return {
    pid,
    state: f[0] ?? '?',
    ppid: num(1),
    pgid: num(2),
    cpuTicks: num(11) + num(12),
    startTicks: num(19),
    rssKb: num(21) * PAGE_KB,
  };
}

export async function readProc(pid: number): Promise<ProcInfo | undefined> {
  try {
    return parseStat(pid, await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** A live process: present and not a zombie. */
export async function pidAlive(pid: number): Promise<boolean> {
  const p = await readProc(pid);
  return p !== undefined && p.state !== 'Z' && p.state !== 'X';
}

export async function readSnapshot(nowMs: number): Promise<ProcSnapshot> {
  const entries = await readdir('/proc');
  const procs = new Map<number, ProcInfo>();
  await Promise.all(
    entries
      .filter((e) => /^\d+$/.test(e))
      .map(async (e) => {
        const p = await readProc(Number(e));
        if (p !== undefined) procs.set(p.pid, p);
      }),
  );
  const meminfo = await readFile('/proc/meminfo', 'utf8').catch(() => '');
  const memTotalKb = Number(/^MemTotal:\s+(\d+)/m.exec(meminfo)?.[1] ?? 0);
  const uptimeSecs = Number((await readFile('/proc/uptime', 'utf8').catch(() => '0')).split(' ')[0]);
  return { takenAtMs: nowMs, uptimeSecs, procs, memTotalKb, cpuCount: availableParallelism() };
}

/** When the process started, in ms since the epoch (on the snapshot's clock). */
export function startedAtMs(snapshot: ProcSnapshot, p: ProcInfo): number {
  return snapshot.takenAtMs - (snapshot.uptimeSecs - p.startTicks / CLOCK_TICKS) * 1000;
}

/** The process and all its descendants in the snapshot. */
export function processTree(snapshot: ProcSnapshot, pid: number): ProcInfo[] {
  const children = new Map<number, ProcInfo[]>();
  for (const p of snapshot.procs.values()) {
    const list = children.get(p.ppid) ?? [];
    list.push(p);
    children.set(p.ppid, list);
  }
  const root = snapshot.procs.get(pid);
  if (root === undefined) return [];
  const out: ProcInfo[] = [root];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]?.pid ?? -1) ?? []));
  return out;
}

/** The oldest live process (other than us) whose command line matches, as `check process ... matching` does. */
export async function findMatching(
  snapshot: ProcSnapshot,
  pattern: RegExp,
  selfPid: number,
): Promise<number | undefined> {
  let best: ProcInfo | undefined;
  for (const p of snapshot.procs.values()) {
    if (p.pid === selfPid || p.state === 'Z') continue;
    const cmdline = await readFile(`/proc/${p.pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline === '' || !pattern.test(cmdline.replace(/\0+$/, '').replace(/\0/g, ' '))) continue;
    if (best === undefined || p.startTicks < best.startTicks) best = p;
  }
  return best?.pid;
}

/** The pid a pidfile names, if it names one. */
export async function readPidfile(path: string): Promise<number | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const m = /^\s*(\d+)/.exec(text);
  const pid = m === null ? NaN : Number(m[1]);
  return Number.isSafeInteger(pid) && pid > 1 ? pid : undefined;
}
