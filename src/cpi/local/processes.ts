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

/** Whether the process carries the VM's marker in its environment (which all the VM's processes inherit). */
async function carriesMarker(pid: number, cid: string): Promise<boolean> {
  const environ = await readFile(`/proc/${pid}/environ`).catch(() => undefined);
  if (environ === undefined) return false;
  const marker = Buffer.from(`${VM_MARKER}=${cid}\0`);
  return environ.indexOf(marker) === 0 || environ.includes(Buffer.concat([Buffer.from('\0'), marker]));
}

/** The recorded init still exists (running or a zombie not yet reaped): it pins the VM's PID namespace. */
async function initExists(proc: VmProcess): Promise<boolean> {
  if (proc.init_start_time === '') return false;
  return (await procStat(proc.init_pid))?.startTime === proc.init_start_time;
}

/**
 * Live processes of a VM: in its PID namespace, or carrying its marker in their environment. A PID namespace's
 * inode number is reused for a new namespace once the old one is gone, so `pid_ns` names the VM's namespace only
 * while the VM's init exists (its task pins the namespace; when it dies the kernel kills everything in it). The
 * namespace matches are therefore kept only when the init still exists after they were read; otherwise a VM whose
 * init died long ago would take the processes of whichever VM now has the recycled number.
 */
export async function vmProcesses(cid: string, proc: VmProcess | null): Promise<number[]> {
  const pidNs = proc?.pid_ns ?? null;
  const found: { pid: number; byNs: boolean }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    if (pidNs !== null && (await pidNamespace(pid)) === pidNs) found.push({ pid, byNs: true });
    else if (await carriesMarker(pid, cid)) found.push({ pid, byNs: false });
  }
  // Checked after the namespace reads: an init that exists now existed while they were made.
  const nsIsTheVms = proc !== null && found.some((f) => f.byNs) && (await initExists(proc));
  const pids: number[] = [];
  for (const { pid, byNs } of found) {
    const belongs = !byNs || nsIsTheVms || (await carriesMarker(pid, cid));
    if (belongs && (await isAlive(pid))) pids.push(pid);
  }
  return pids;
}

/**
 * Kills every process of a VM and returns once none is left: SIGKILL to the namespace's init takes the whole PID
 * namespace down; the process group and the marker scan catch the rest (and everything when not isolated). The
 * recorded pids are only signalled while they are still the VM's (same start time, or carrying its marker): a
 * recycled pid may be another VM's process-group leader.
 */
export async function killVm(cid: string, proc: VmProcess | null, timeoutMs = 10_000): Promise<void> {
  if (proc && (await isAlive(proc.init_pid, proc.init_start_time))) signal(proc.init_pid, 'SIGKILL');
  if (proc && (await isAlive(proc.launcher_pid)) && (await carriesMarker(proc.launcher_pid, cid))) {
    signal(-proc.pgid, 'SIGKILL');
  }
  const deadline = Date.now() + timeoutMs;
  let waitMs = 5;
  for (;;) {
    const left = await vmProcesses(cid, proc);
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
