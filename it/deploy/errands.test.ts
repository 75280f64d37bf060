import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errandsRelease, writeErrandsManifest } from './errands-release.js';
import { tableRows } from '../../test/support/bosh-table.js';
import { cpiVmCids } from '../../test/support/vm-processes.js';
import { inOrder, taskLines, vmRows, withDirectorDb } from './query-support.js';
import { cpiDir, sharedDeployEnv } from './support.js';

// Errands end to end: an errand instance group gets a VM only while its errand runs (unless kept alive), a
// colocated errand job runs on the service instances that have it, and every refusal is in BOSH's words.
const env = sharedDeployEnv('it-errands-', { release: errandsRelease }, async (e) => {
  const run = await e.bosh([
    '-n',
    '-d',
    'errands',
    'deploy',
    await writeErrandsManifest(e.dir, { webInstances: 2 }),
  ]);
  expect(run.code, run.stdout).toBe(0);
  // Only the packages of jobs the deployment runs are compiled.
  expect(run.stdout).not.toContain('broken/');
});

const runErrand = (...args: string[]) => env.bosh(['-n', '-d', 'errands', 'run-errand', ...args]);
const vmCount = async () => (await cpiVmCids(cpiDir(env, 'vms'))).length;
/** The uuid of instance `job`/`index` in the director's database. */
const uuidOf = (job: string, index: number): string =>
  withDirectorDb(env, (db) => {
    const row = db.prepare('select uuid from instances where job = ? and "index" = ?').get(job, index) as
      { uuid: string } | undefined;
    return row?.uuid ?? '';
  });

describe('errands', { timeout: 300_000 }, () => {
  it('lists errand groups and errand jobs; deploys no VM for the errand group', async () => {
    const list = await env.bosh(['-d', 'errands', 'errands']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('Name  \nsmoke  \nsmoke-tests  \nstatus  \n\n3 errands\n');
    expect((await vmRows(env, 'errands')).map((v) => v.instance.split('/')[0])).toEqual(['web', 'web']);
  });

  it('runs an errand group on a VM made for it, then deletes the VM', async () => {
    const run = await runErrand('smoke-tests');
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).not.toContain('Warning');
    const uuid = uuidOf('smoke-tests', 0);
    const name = `smoke-tests/${uuid} (0)`;
    inOrder(taskLines(run.stdout), [
      'Preparing deployment: Preparing deployment',
      `Creating missing vms: ${name}`,
      `Updating instance smoke-tests: ${name} (canary)`,
      `Running errand: ${name}`,
      `Fetching logs for ${name}: Finding and packing log files`,
    ]);
    expect(run.stdout).toContain(
      `Instance   smoke-tests/${uuid}  \nExit Code  0  \nStdout     smoke says hi  \n             \nStderr     smoke err  \n             \n\n1 errand(s)\n`,
    );
    expect((await vmRows(env, 'errands')).map((v) => v.instance.split('/')[0])).toEqual(['web', 'web']);
    expect(await vmCount()).toBe(2);
    const tasks = await env.bosh(['tasks', '-r', '--json']);
    expect(tasks.stdout).toContain('1 succeeded, 0 errored, 0 canceled');
  });

  it('keeps the VM alive with --keep-alive, reuses it, and downloads the logs', async () => {
    const logs = join(env.dir, 'errand-logs');
    await mkdir(logs);
    const kept = await runErrand('smoke-tests', '--keep-alive', '--download-logs', '--logs-dir', logs);
    expect(kept.code, kept.stdout).toBe(0);
    expect(await vmCount()).toBe(3);
    const files = await readdir(logs).catch(() => []);
    expect(files.some((f) => /^smoke-tests-\d{8}-\d{6}(-\d+)?\.tgz$/.test(f))).toBe(true);
    // By its job's name, the errand runs on the errand group's kept VM too.
    const again = await runErrand('smoke');
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).not.toContain('Creating missing vms');
    expect(again.stdout).toContain('Running errand: smoke-tests/');
    expect(await vmCount()).toBe(2);
  });

  it('runs a colocated errand job on every instance that has it, or on the chosen one', async () => {
    const all = await runErrand('status');
    expect(all.code, all.stdout).toBe(0);
    expect(all.stdout).toContain(
      'Warning: Executing errand on multiple instances in parallel. Use the `--instance` flag to run the errand on a single instance.',
    );
    expect(all.stdout).toContain('Stdout     status of web/0');
    expect(all.stdout).toContain('Stdout     status of web/1');
    expect(all.stdout).toContain('2 errand(s)');
    const one = await runErrand('status', '--instance', 'web/1');
    expect(one.code, one.stdout).toBe(0);
    expect(one.stdout).toContain('Stdout     status of web/1');
    expect(one.stdout).not.toContain('status of web/0');
    expect(one.stdout).toContain('1 errand(s)');
  });

  it('skips an unchanged errand with --when-changed', async () => {
    expect((await runErrand('status', '--when-changed')).code).toBe(0);
    const skipped = await runErrand('status', '--when-changed');
    expect(skipped.code, skipped.stdout).toBe(0);
    expect(skipped.stdout).not.toContain('Running errand');
    expect(skipped.stdout).toContain('0 errand(s)');
    const tasks = await env.bosh(['tasks', '-r', '--json']);
    expect(tasks.stdout).toContain('skipped - no changes detected');
  });

  it("refuses in BOSH's words", async () => {
    const cases: Array<[string[], string]> = [
      [['nope'], "Errand 'nope' doesn't exist"],
      [
        ['web'],
        "Instance group 'web' is not an errand. To mark an instance group as an errand set its lifecycle to 'errand' in the deployment manifest.",
      ],
      [
        ['smoke-tests', '--instance', 'smoke-tests/0'],
        'Filtering by instances is not supported when running errand by instance group name',
      ],
      [
        ['status', '--instance', 'web/7'],
        'No instances match selection criteria: [{"group" => "web", "id" => "7"}]',
      ],
    ];
    for (const [args, message] of cases) {
      const run = await runErrand(...args);
      expect(run.code, run.stdout).toBe(1);
      expect(run.stdout).toContain(`Error: ${message}`);
      expect(run.stderr).toContain(`Running errand '${args[0] ?? ''}'`);
    }
  });

  it('refuses to run while an instance it matches is stopped', async () => {
    expect((await env.bosh(['-n', '-d', 'errands', 'stop', 'web/0'])).code).toBe(0);
    try {
      const run = await runErrand('status');
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        `Error: Instance(s) 'web/${uuidOf('web', 0)}' is stopped, unable to run errand. Maybe start vm?`,
      );
      expect(run.stdout).not.toContain('Preparing deployment');
      const elsewhere = await runErrand('status', '--instance', 'web/1');
      expect(elsewhere.code, elsewhere.stdout).toBe(0);
    } finally {
      expect((await env.bosh(['-n', '-d', 'errands', 'start', 'web/0'])).code).toBe(0);
    }
  });

  it("skips an instance without a VM, with BOSH's warning, and runs on the others", async () => {
    expect((await env.bosh(['-n', '-d', 'errands', 'stop', '--hard', 'web/0'])).code).toBe(0);
    try {
      const run = await runErrand('status');
      expect(run.code, run.stdout).toBe(0);
      expect(run.stdout).toContain(
        `Warning: Skipping instance: web/${uuidOf('web', 0)} (0) no matching VM reference was found`,
      );
      expect(run.stdout).toContain('Stdout     status of web/1');
      expect(run.stdout).not.toContain('status of web/0');
      expect(run.stdout).toContain('1 errand(s)');
    } finally {
      expect((await env.bosh(['-n', '-d', 'errands', 'start', 'web/0'])).code).toBe(0);
    }
  });

  it('records each run as errand events with its exit code', async () => {
    const events = tableRows(await env.bosh(['events', '--object-type', 'errand', '--json']));
    const ends = events.filter((e) => e.context?.includes('exit_code') === true);
    expect(ends.length).toBeGreaterThan(0);
    expect(ends.every((e) => e.action === 'run' && e.object_type === 'errand')).toBe(true);
    expect(ends.map((e) => e.object_name)).toContain('smoke-tests');
    expect(ends.find((e) => e.object_name === 'smoke-tests')?.context).toBe('exit_code: 0');
  });

  it('fails when the errand fails, and still deletes its VM', async () => {
    const manifest = await writeErrandsManifest(env.dir, { webInstances: 2, smoke: { exit_code: 3 } });
    expect((await env.bosh(['-n', '-d', 'errands', 'deploy', manifest])).code).toBe(0);
    const run = await runErrand('smoke-tests');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Exit Code  3  \n');
    expect(run.stderr).toContain("Errand 'smoke-tests' completed with error (exit code 3)");
    expect(await vmCount()).toBe(2);
  });
});
