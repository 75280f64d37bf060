/**
 * What the deploy tests read back from an env: the VMs `bosh vms` lists, a task's id and CPI calls, the director's
 * database.
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

/** The id in the `Task <id>` line of a task's CLI output (with `done`: its `Task <id> done` line). */
export function taskId(output: string, o: { readonly done?: boolean } = {}): string | undefined {
  return (o.done === true ? /Task (\d+) done/ : /^Task (\d+)$/m).exec(output)?.[1];
}

/** The CPI calls of the task whose output this is (`bosh task <id> --cpi`, which must succeed), as `<method> <args>`. */
export async function cpiCalls(env: DeployEnv, output: string): Promise<string[]> {
  const run = await env.bosh(['task', taskId(output) ?? '', '--cpi']);
  expect(run.code).toBe(0);
  return [...run.stdout.matchAll(/request: (\w+) (.*)$/gm)].map((m) => `${m[1] ?? ''} ${m[2] ?? ''}`);
}

/** The director's SQLite database, read-only (close it when done). */
export function directorDb(env: DeployEnv): SqliteDatabase.Database {
  return new SqliteDatabase(join(env.dir, 'director', 'director.db'), { readonly: true });
}
