import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { JobSupervisor } from '../agent/supervisor/job-supervisor.js';
import type { SupervisorAlert } from '../agent/supervisor/types.js';

/**
 * Shared harness of the JobSupervisor tests: a temp dir per test, the supervisor under test with the alerts it
 * raised, condition polling, and no orphans. Every process a test starts carries MARK=<dir> in its environment;
 * after each test the supervisor is stopped and whatever marked process is left is killed.
 * `dir`, `sup` and `alerts` are live bindings, set afresh for each test by `useSupervisorDir` and `track`.
 */
export let dir: string;
export let sup: JobSupervisor | undefined;
export let alerts: SupervisorAlert[];

export const MARK = 'SUPERVISOR_TEST_DIR';

/** The live (non-zombie) processes carrying MARK=<dir>. */
export function markedPids(): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (!readFileSync(`/proc/${e}/environ`, 'latin1').split('\0').includes(`${MARK}=${dir}`)) continue;
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      if (stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z') out.push(Number(e));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Polls `fn` every 20 ms until it returns something other than undefined, null or false. */
export async function waitFor<T>(
  what: string,
  fn: () => T | Promise<T>,
  ms = 20_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    // '' is not ready: a file a shell truncated before writing (`echo x > f`) reads empty for a moment.
    if (v !== undefined && v !== null && v !== false && v !== '') return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A fresh `dir` (named `<prefix>…`) and no alerts before each test; after it, no supervisor, processes or dir. */
export function useSupervisorDir(prefix: string): void {
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    alerts = [];
  });
  afterEach(async () => {
    await sup?.stop().catch(() => undefined);
    await sup?.dispose();
    sup = undefined;
    for (const pid of markedPids()) process.kill(pid, 'SIGKILL');
    await waitFor('marked processes to die', () => markedPids().length === 0, 5000);
    rmSync(dir, { recursive: true, force: true });
  });
}

/** Makes `s` the supervisor under test (`sup`), stopped after the test, and collects its alerts. */
export function track(s: JobSupervisor): void {
  sup = s;
  s.onAlert((a) => alerts.push(a));
}

/** The pid of process `name` as `sup` reports it. */
export const pidOf = (name: string): number | undefined => sup?.status().find((s) => s.name === name)?.pid;

/** The text of `<dir>/<rel>`, or '' when it does not exist. */
export const readIf = (rel: string): string =>
  existsSync(join(dir, rel)) ? readFileSync(join(dir, rel), 'utf8') : '';
