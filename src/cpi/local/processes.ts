import { readdir, readFile, readlink } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { cloudError } from './response.js';

/** Environment variable that marks every process of a VM (inherited by all its descendants). */
export const VM_MARKER = 'BOSH_LOCAL_CPI_VM_CID';

/** How the CPI finds a VM's processes again: its launcher, the launcher's process group, its PID namespace. */
export interface VmProcess {
  readonly launcher_pid: number;
  readonly init_pid: number;
  /** `/proc/<pid>/stat` start time of init_pid: a recycled PID never matches it. */
  readonly init_start_time: string;
  readonly pgid: number;
  /** `pid:[inode]` of the VM's PID namespace; null without isolation. */
  readonly pid_ns: string | null;
}

interface ProcStat {
  readonly state: string;
  readonly pgid: number;
  readonly startTime: string;
}

export async function procStat(pid: number): Promise<ProcStat | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  // Fields after "(comm)": state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime
  // cutime cstime priority nice num_threads itrealvalue starttime ...
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '?', pgid: Number(fields[2]), startTime: fields[19] ?? '' };
}

/** Running (not a zombie), and the same process as recorded when `startTime` is given. */
export async function isAlive(pid: number, startTime?: string): Promise<boolean> {
  const stat = await procStat(pid);
  return (
    stat !== undefined && stat.state !== 'Z' && (startTime === undefined || stat.startTime === startTime)
  );
}

export async function childPids(pid: number): Promise<number[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return text.split(' ').filter(Boolean).map(Number);
}

export async function pidNamespace(pid: number): Promise<string | undefined> {
  return readlink(`/proc/${pid}/ns/pid`).catch(() => undefined);
}

/** Live processes of a VM: in its PID namespace, or carrying its marker in their environment. */
export async function vmProcesses(cid: string, pidNs: string | null): Promise<number[]> {
  const marker = Buffer.from(`${VM_MARKER}=${cid}\0`);
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    const inNs = pidNs !== null && (await pidNamespace(pid)) === pidNs;
    const environ = inNs ? undefined : await readFile(`/proc/${pid}/environ`).catch(() => undefined);
    const marked =
      environ !== undefined &&
      (environ.indexOf(marker) === 0 || environ.includes(Buffer.concat([Buffer.from('\0'), marker])));
    if ((inNs || marked) && (await isAlive(pid))) pids.push(pid);
  }
  return pids;
}

/**
 * Kills every process of a VM and returns once none is left: SIGKILL to the namespace's init takes the whole PID
 * namespace down; the process group and the marker scan catch the rest (and everything when not isolated).
 */
export async function killVm(cid: string, proc: VmProcess | null, timeoutMs = 10_000): Promise<void> {
  const pidNs = proc?.pid_ns ?? null;
  if (proc && (await isAlive(proc.init_pid, proc.init_start_time))) signal(proc.init_pid, 'SIGKILL');
  if (proc && (await isAlive(proc.launcher_pid))) signal(-proc.pgid, 'SIGKILL');
  const deadline = Date.now() + timeoutMs;
  let waitMs = 5;
  for (;;) {
    const left = await vmProcesses(cid, pidNs);
    if (left.length === 0) return;
    if (Date.now() > deadline) {
      throw cloudError(`Killing processes of VM '${cid}': still running after SIGKILL: ${left.join(', ')}`);
    }
    for (const pid of left) signal(pid, 'SIGKILL');
    await delay(waitMs);
    waitMs = Math.min(waitMs * 2, 100);
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}
