/**
 * What the deploy tests read back from an env: the VMs `bosh vms` lists, the instances the director lists, a task's
 * id, lines and CPI calls, the director's database; and what they check of a CLI output: texts in order.
 */
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { expect } from 'vitest';
import { tableRows } from '../../test/support/bosh-table.js';
import type { DeployEnv } from './support.js';

/** A row of `bosh vms`. */
export interface Vm {
  /** `<group>/<uuid>` */
  readonly instance: string;
  readonly ip: string;
  readonly cid: string;
}

/** `bosh -d DEPLOYMENT vms --json`, which must succeed: its rows in its order. */
export async function vmRows(env: DeployEnv, deployment: string): Promise<Vm[]> {
  const run = await env.bosh(['-d', deployment, 'vms', '--json']);
  expect(run.code).toBe(0);
  return tableRows(run).map((r) => ({ instance: r.instance ?? '', ip: r.ips ?? '', cid: r.vm_cid ?? '' }));
}

/** An instance as the director's `GET /deployments/:name/instances` lists it. */
export interface InstanceRow {
  readonly job: string;
  readonly index: number;
  /** Its uuid. */
  readonly id: string;
  /** Its VM's cid, null without a VM. */
  readonly cid: string | null;
}

/** The deployment's instances, as the director lists them. */
export async function instancesOf(env: DeployEnv, deployment: string): Promise<InstanceRow[]> {
  return (await env.director.json('GET', `/deployments/${deployment}/instances`)) as InstanceRow[];
}

/** The id in the `Task <id>` line of a task's CLI output (with `done`: its `Task <id> done` line). */
export function taskId(output: string, o: { readonly done?: boolean } = {}): string | undefined {
  return (o.done === true ? /Task (\d+) done/ : /^Task (\d+)$/m).exec(output)?.[1];
}

/**
 * The task lines of a task's CLI output without their `Task <id> | <time> | ` and their duration:
 * `Deleting releases: extra/1`. With `finished`, only the lines that end with a duration (a finished step's).
 */
export function taskLines(output: string, o: { readonly finished?: boolean } = {}): string[] {
  const line =
    o.finished === true
      ? /^Task \d+ \| \d\d:\d\d:\d\d \| (.+) \(\d\d:\d\d:\d\d\)$/gm
      : /^Task \d+ \| \d\d:\d\d:\d\d \| (.+?)(?: \(\d\d:\d\d:\d\d\))?$/gm;
  return [...output.matchAll(line)].map((m) => m[1] ?? '');
}

/** The CPI calls of the task whose output this is (`bosh task <id> --cpi`, which must succeed), as `<method> <args>`. */
export async function cpiCalls(env: DeployEnv, output: string): Promise<string[]> {
  const run = await env.bosh(['task', taskId(output) ?? '', '--cpi']);
  expect(run.code).toBe(0);
  return [...run.stdout.matchAll(/request: (\w+) (.*)$/gm)].map((m) => `${m[1] ?? ''} ${m[2] ?? ''}`);
}

/**
 * `fn` of the director's SQLite database, opened for it (read-only unless `write`, as for a change made behind
 * BOSH's back) and closed after it (also when it throws).
 */
export function withDirectorDb<T>(
  env: DeployEnv,
  fn: (db: SqliteDatabase.Database) => T,
  o: { readonly write?: boolean } = {},
): T {
  const db = new SqliteDatabase(join(env.dir, 'director', 'director.db'), { readonly: o.write !== true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/**
 * `texts` all appear in `out`, in this order. Given lines (e.g. `taskLines`): each text starts a line, the first
 * line it starts counting, in this order.
 */
export function inOrder(out: string | readonly string[], texts: readonly string[]): void {
  const at = texts.map((t) =>
    typeof out === 'string' ? out.indexOf(t) : out.findIndex((l) => l.startsWith(t)),
  );
  expect(at.every((n) => n >= 0)).toBe(true);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
}
