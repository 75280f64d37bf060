import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** The command line of a live (not zombie) process, NUL-separated arguments joined by spaces. */
export async function liveCmdline(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${String(pid)}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return undefined;
  const cmdline = await readFile(`/proc/${String(pid)}/cmdline`, 'utf8').catch(() => undefined);
  return cmdline?.replace(/\0/g, ' ').trim();
}

/** Sends `signal`, ignoring a process that is already gone. */
export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Waits until the process is gone (or a zombie); false after `timeoutMs`. */
export async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while ((await liveCmdline(pid)) !== undefined) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * Live processes that belong to the demo: their command line names `dir` (the director, VM launchers and agents,
 * the CPI), or their environment carries the local CPI's marker for one of `vmCids` (everything a VM started,
 * such as the web servers, inherits it).
 */
export async function demoProcesses(dir: string, vmCids: readonly string[]): Promise<number[]> {
  const markers = vmCids.map((cid) => Buffer.from(`BOSH_LOCAL_CPI_VM_CID=${cid}\0`));
  // `npm run demo -- --dir DIR/` names the dir too: never this process or those that started it.
  const ancestors = await ancestorPids();
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    const pid = Number(entry);
    if (!/^\d+$/.test(entry) || ancestors.has(pid)) continue;
    const cmdline = await liveCmdline(pid);
    if (cmdline === undefined) continue;
    if (cmdline.includes(`${dir}/`)) {
      found.push(pid);
      continue;
    }
    if (markers.length === 0) continue;
    const environ = await readFile(`/proc/${entry}/environ`).catch(() => undefined);
    if (environ !== undefined && markers.some((m) => environ.includes(m))) found.push(pid);
  }
  return found;
}

async function ancestorPids(): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let pid = process.pid; pid > 1 && !pids.has(pid);) {
    pids.add(pid);
    const stat = await readFile(`/proc/${String(pid)}/stat`, 'utf8').catch(() => '');
    pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? 0);
  }
  return pids;
}
