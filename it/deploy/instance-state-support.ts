/**
 * Helpers of the start/stop/restart/recreate tests: the instances as `bosh instances --details` shows them, whether
 * an instance's web server answers, and the texts of the event lines the CLI prints for an instance (`inOrder` in
 * query-support.ts checks their order).
 */
import { expect } from 'vitest';
import { tableRows } from '../../test/support/bosh-table.js';
import { httpAnswer } from '../../test/support/http-get.js';
import type { DeployEnv } from './support.js';

export interface Row {
  readonly process: string;
  readonly state: string;
  readonly cid: string;
  readonly ip: string;
}

/** The helpers for deployment `demo` of the env (made in a beforeAll), whose instances' uuids are `uuids` by index. */
export function instanceStateHelpers(envOf: () => DeployEnv, uuids: readonly string[]) {
  const uuid = (i: number) => uuids[i] ?? '';
  return {
    /** `bosh instances --details`, by index. */
    rows: async (): Promise<Row[]> => {
      const r = await envOf().bosh(['-d', 'demo', 'instances', '--details', '--json']);
      expect(r.code).toBe(0);
      const table = tableRows(r);
      return uuids.map((id) => {
        const row = table.find((x) => x['instance'] === `web/${id}`) ?? {};
        const cell = (k: string) => row[k] ?? '';
        return { process: cell('process_state'), state: cell('state'), cid: cell('vm_cid'), ip: cell('ips') };
      });
    },
    /** `bosh -n -d demo <args>`, which must succeed; its stdout. */
    bosh: async (...args: string[]): Promise<string> => {
      const r = await envOf().bosh(['-n', '-d', 'demo', ...args]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return r.stdout;
    },
    uuid,
    /** The update stage's line for instance `i` (the first instance updated is the canary). */
    line: (i: number, text: string, canary = false) =>
      `L ${text}: web/${uuid(i)} (${String(i)})${canary ? ' (canary)' : ''}`,
    /** The `--no-converge` stage's line for a step of instance `i`. */
    step: (i: number, task: string) => `Updating instance web/${uuid(i)} (${String(i)}): ${task} (`,
  };
}

/** Whether the instance's web server answers (the job's process runs). */
export async function serving(ip: string): Promise<boolean> {
  return 'body' in (await httpAnswer(ip, 8080, '/'));
}
