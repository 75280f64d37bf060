import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobSupervisor } from './job-supervisor.js';
import { readJobMonitFiles } from './monit-files.js';
import { MonitJobSupervisor } from './port-adapter.js';

let dir: string;
let live: JobSupervisor | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'monit-files-'));
});
afterEach(async () => {
  await live?.stop(); // no orphans even when a test fails half-way
  await live?.dispose();
  live = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const stanza = (name: string): string =>
  `check process ${name}\n  with pidfile /var/vcap/sys/run/${name}.pid\n  start program "/bin/true"\n  group vcap\n`;

describe('readJobMonitFiles', () => {
  it('reads job monit files from disk and names file and line in errors', async () => {
    const jobs = join(dir, 'jobs');
    mkdirSync(join(jobs, 'a'), { recursive: true });
    mkdirSync(join(jobs, 'b'), { recursive: true });
    writeFileSync(join(jobs, 'a', 'monit'), stanza('a'));
    writeFileSync(join(jobs, 'a', 'extra.monit'), stanza('a_extra'));
    writeFileSync(join(jobs, 'b', 'monit'), 'check process b\n  with pidfile /x\n  start program /bin/b\n');
    await expect(readJobMonitFiles(jobs, ['a', 'b'])).rejects.toThrow(
      `${join(jobs, 'b', 'monit')}:3: expected a quoted command after 'start program', got '/bin/b'`,
    );
    rmSync(join(jobs, 'b', 'monit'));
    const read = await readJobMonitFiles(jobs, ['a', 'b']);
    expect(read.map((j) => [j.job, j.files.flatMap((f) => f.processes.map((p) => p.name))])).toEqual([
      ['a', ['a', 'a_extra']],
      ['b', []],
    ]);
  });
});

async function waitFor(what: string, cond: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('MonitJobSupervisor (the agent port)', () => {
  it('reloads from job dirs in monit index order, starts without waiting, stops waiting', async () => {
    const jobDir = (name: string): string => {
      const d = join(dir, 'jobs', name);
      mkdirSync(d, { recursive: true });
      const start = `/bin/bash -c 'echo $$ > ${dir}/${name}.pid; exec sleep 1000'`;
      writeFileSync(
        join(d, 'monit'),
        `check process ${name} with pidfile ${dir}/${name}.pid start program "${start}" group vcap\n`,
      );
      return d;
    };
    live = new JobSupervisor({ cycleMs: 100, pollMs: 20 });
    const port = new MonitJobSupervisor(live);
    // bosh-agent gives the last job of the spec index 0: monit lists its services first.
    await port.reload([
      { name: 'a', dir: jobDir('a'), index: 1 },
      { name: 'b', dir: jobDir('b'), index: 0 },
    ]);
    await port.start();
    expect(await port.jobState()).toBe('starting');
    await waitFor('running', async () => (await port.jobState()) === 'running');
    expect((await port.processes()).map((p) => [p.name, p.state])).toEqual([
      ['b', 'running'],
      ['a', 'running'],
    ]);
    const pids = ['a', 'b'].map((n) => Number(readFileSync(join(dir, `${n}.pid`), 'utf8')));
    await port.stop();
    expect(await port.jobState()).toBe('stopped');
    expect(pids.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
  });
});
