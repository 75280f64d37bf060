import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { DirectorCliHarness, useDirectorCli, usingDeployment } from '../../testing/director-cli-harness.js';
import type { FakeDirector } from '../../testing/fake-director.js';
import { goTimestamp } from './logs-download.js';

let d: FakeDirector;
let h: DirectorCliHarness;
useDirectorCli((director, harness) => {
  d = director;
  h = harness;
});

const USING_DEP = (): string => usingDeployment(d.url, 'dep');
const BLOB = '6e5ccae7-5079-4775-9bb9-82a2a50819e4';
const EVENT = {
  time: 1700000000,
  stage: 'Fetching logs for web/abc (0)',
  tags: [],
  total: 1,
  task: 'Finding and packing log files',
  index: 1,
  state: 'started',
  progress: 0,
};

/** A `fetch logs` task 12 whose result is the bundle's blobstore id, and the bundle itself. */
function logsTask(path: string | RegExp): void {
  d.startsTask('GET', path, 12, {
    states: ['done'],
    events: [EVENT, { ...EVENT, state: 'finished', progress: 100 }],
  });
  d.json('GET', '/tasks/12', { id: 12, state: 'done', result: BLOB, description: 'fetch logs' });
  d.on('GET', `/resources/${BLOB}`, () => ({ body: 'the-tgz' }));
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(h.home, 'logs-'));
});

describe('bosh logs', () => {
  it('asks for the logs of one instance, then downloads the bundle as <deployment>.<group>.<id>-<time>.tgz', async () => {
    logsTask('/deployments/dep/jobs/web/0/logs?filters=a%2Cb&type=agent');
    const r = await h.run(
      ['-e', 'test', '-d', 'dep', 'logs', 'web/0', '--agent', '--only', 'a', '--only=b', '--dir', dir],
      { tty: true },
    );
    expect(r.stderr).toBe('');
    const [file = ''] = await readdir(dir);
    expect(file).toMatch(/^dep\.web\.0-\d{8}-\d{6}(-\d{1,9})?\.tgz$/);
    expect(r.stdout).toBe(
      `${USING_DEP()}Task 12\n\nTask 12 | 22:13:20 | Fetching logs for web/abc (0): Finding and packing log files (00:00:00)\n\n` +
        `Task 12 Started  Tue Nov 14 22:13:20 UTC 2023\nTask 12 Finished Tue Nov 14 22:13:20 UTC 2023\nTask 12 Duration 00:00:00\n` +
        `Task 12 done\n\nDownloading resource '${BLOB}' to '${join(dir, file)}'...\n\nSucceeded\n`,
    );
    expect(await readFile(join(dir, file), 'utf8')).toBe('the-tgz');
    expect((await stat(join(dir, file))).mode & 0o777).toBe(0o600);
  });

  it('asks for every instance (`*`) with all log types, into the current directory by default', async () => {
    logsTask('/deployments/dep/jobs/*/*/logs?type=agent%2Cjob%2Csystem');
    const r = await h.run(['-e', 'test', '-n', '-d', 'dep', 'logs', '--all-logs'], { cwd: dir });
    expect(r.exit).toBe(0);
    const [file = ''] = await readdir(dir);
    expect(file).toMatch(/^dep-\d{8}-\d{6}(-\d{1,9})?\.tgz$/);
  });

  it('names a whole instance group <deployment>.<group>', async () => {
    logsTask('/deployments/dep/jobs/web/*/logs?type=system');
    const r = await h.run(['-e', 'test', '-n', '-d', 'dep', 'logs', 'web', '--system', '--dir', dir]);
    expect(r.exit).toBe(0);
    expect(await readdir(dir)).toEqual([expect.stringMatching(/^dep\.web-/)]);
  });

  it("wraps the director's refusal and a failed download as bosh-cli does", async () => {
    d.json(
      'GET',
      '/deployments/dep/jobs/web/7/logs?type=job',
      { code: 70001, description: "'dep/web/7' doesn't exist" },
      404,
    );
    const refused = await h.run(['-e', 'test', '-n', '-d', 'dep', 'logs', 'web/7']);
    expect(refused.stderr).toBe(
      `Fetching logs:\n  Director responded with non-successful status code '404' response '{"code":70001,"description":"'dep/web/7' doesn't exist"}'\nExit code 1\n`,
    );
    logsTask('/deployments/dep/jobs/web/0/logs?type=job');
    d.on('GET', `/resources/${BLOB}`, () => ({ status: 404, body: 'gone' }));
    const failed = await h.run(['-e', 'test', '-n', '-d', 'dep', 'logs', 'web/0', '--dir', dir]);
    expect(failed.stderr).toBe(
      `Downloading logs:\n  Downloading resource '${BLOB}':\n    Director responded with non-successful status code '404' response ''\nExit code 1\n`,
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('needs a deployment', async () => {
    const r = await h.run(['-e', 'test', '-n', 'logs']);
    expect(r.stderr).toBe('Expected non-empty deployment name\nExit code 1\n');
  });
});

describe("the bundle's file name", () => {
  it("is Go's 20060102-150405.999999999 with the dot made a dash, trailing zeros dropped", () => {
    const at = (ns: bigint) => goTimestamp(ns).replace(/^\d{8}-\d{6}/, 'T');
    expect(at(1_700_000_000_123_456_789n)).toBe('T-123456789');
    expect(at(1_700_000_000_120_000_000n)).toBe('T-12');
    expect(at(1_700_000_000_000_000_000n)).toBe('T');
    const d0 = new Date(1_700_000_000_000);
    const two = (n: number) => String(n).padStart(2, '0');
    expect(goTimestamp(1_700_000_000_000_000_000n)).toBe(
      `${String(d0.getFullYear())}${two(d0.getMonth() + 1)}${two(d0.getDate())}-${two(d0.getHours())}${two(d0.getMinutes())}${two(d0.getSeconds())}`,
    );
  });
});
