import { pidAlive, readProc, readSnapshot } from './proc-table.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let ownGroup: number | undefined;

/** Our own process group: never signalled, whatever a pidfile says. */
export async function ownProcessGroup(): Promise<number> {
  ownGroup ??= (await readProc(process.pid))?.pgid ?? process.pid;
  return ownGroup;
}

function send(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch {
    // ESRCH (gone) or EPERM: nothing more we can do for it.
  }
}

/** Signals a process group, refusing init, our own process and our own group. */
export async function signalGroup(pgid: number, signal: NodeJS.Signals): Promise<void> {
  if (pgid <= 1 || pgid === process.pid || pgid === (await ownProcessGroup())) return;
  send(-pgid, signal);
}

export function signalPid(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 1 || pid === process.pid) return;
  send(pid, signal);
}

/** True while any process is a member of one of the groups. */
export async function groupsAlive(pgids: ReadonlySet<number>): Promise<boolean> {
  if (pgids.size === 0) return false;
  const snapshot = await readSnapshot(0);
  for (const p of snapshot.procs.values()) if (pgids.has(p.pgid) && p.state !== 'Z') return true;
  return false;
}

export interface TerminateOptions {
  readonly first: NodeJS.Signals;
  readonly graceMs: number;
  readonly pollMs: number;
  /** Sent after the grace, followed by a short wait, before KILL (bpm: QUIT then 2 s). */
  readonly then?: { readonly signal: NodeJS.Signals; readonly waitMs: number };
}

/**
 * Stops a process and the process groups it and we started live in: `first` to the pid and the groups, a grace
 * while polling, optionally a second signal, then KILL to whatever is left. Resolves once nothing is alive.
 */
export async function terminate(
  pid: number | undefined,
  groups: ReadonlySet<number>,
  opts: TerminateOptions,
): Promise<void> {
  const all = new Set(groups);
  if (pid !== undefined) {
    const p = await readProc(pid);
    if (p !== undefined) all.add(p.pgid);
  }
  const own = await ownProcessGroup();
  all.delete(own);
  const alive = async (): Promise<boolean> =>
    (pid !== undefined && (await pidAlive(pid))) || (await groupsAlive(all));
  const signalAll = async (signal: NodeJS.Signals): Promise<void> => {
    if (pid !== undefined) signalPid(pid, signal);
    for (const g of all) await signalGroup(g, signal);
  };
  if (!(await alive())) return;
  await signalAll(opts.first);
  if (await waitUntil(async () => !(await alive()), opts.graceMs, opts.pollMs)) return;
  if (opts.then !== undefined) {
    await signalAll(opts.then.signal);
    if (await waitUntil(async () => !(await alive()), opts.then.waitMs, opts.pollMs)) return;
  }
  await signalAll('SIGKILL');
  await waitUntil(async () => !(await alive()), 5000, opts.pollMs);
}

/** Polls `cond` until it holds (true) or `timeoutMs` passes (false). */
export async function waitUntil(
  cond: () => Promise<boolean>,
  timeoutMs: number,
  pollMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(pollMs, Math.max(1, deadline - Date.now())));
  }
}
