import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tableRows } from '../../test/support/bosh-table.js';
import { httpGet } from '../../test/support/http-get.js';
import { demoEnv, leftovers, type DemoEnv, type DemoRun } from './support.js';

// The README's first command, `npm run demo`, end to end: a detached director with the local CPI, our
// create-release on examples/demo-release, a local stemcell, and 3 web instances deployed with a canary.
let env: DemoEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
}, 60_000);

/** The rows of the last `bosh instances` table the demo printed: [instance, state, az, ip, deployment]. */
function lastInstances(run: DemoRun): string[][] {
  const table = run.stdout.slice(run.stdout.lastIndexOf('$ bosh -e demo -d demo instances'));
  expect(table).toMatch(/\n3 instances\n\nSucceeded\n/);
  return [...table.matchAll(/^(web\/[0-9a-f-]+)\s+(\S+)\s+(z1)\s+(127\.[\d.]+)\s+(demo)\s*$/gm)].map((m) =>
    m.slice(1),
  );
}

async function expectAllGone(e: DemoEnv, cids: readonly string[], ips: readonly string[]): Promise<void> {
  expect(existsSync(e.dataDir)).toBe(false);
  expect(await leftovers(e.dir, cids)).toEqual([]);
  for (const ip of ips) expect(await httpGet(ip, 8080, '/')).toBe('ECONNREFUSED');
  const envs = await e.bosh(['environments', '--json']);
  expect(envs.exit).toBe(0);
  expect(envs.stdout).not.toContain('"alias": "demo"');
}

describe('npm run demo', { timeout: 180_000 }, () => {
  it('deploys 3 running instances, re-runs as a no-op, and --down removes everything', async () => {
    const e = (env = await demoEnv());
    const first = await e.demo();
    expect(first.stderr).not.toMatch(/npm run demo:|Error/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Compiling packages: web-server\//);
    expect(first.stdout).toMatch(/Updating instance web: web\/[0-9a-f-]+ \(0\) \(canary\)/);
    const rows = lastInstances(first);
    expect(rows.map((r) => r[1])).toEqual(['running', 'running', 'running']);
    expect(first.stdout).toContain('npx bosh -e demo -d demo instances --ps');

    // The alias and the deployment outlive the demo's process: the director runs on, detached.
    const ps = await e.bosh(['-e', 'demo', '-d', 'demo', 'instances', '--ps', '--json']);
    expect(ps.stderr).toBe('');
    expect(ps.exit).toBe(0);
    const processes = tableRows(ps).filter((r) => r.process === 'web');
    expect(processes.map((r) => r.process_state)).toEqual(['running', 'running', 'running']);
    const ips = rows.map((r) => r[3] ?? '');
    const pages = await Promise.all(ips.map((ip) => httpGet(ip, 8080, '/')));
    for (const [i, page] of pages.entries()) {
      expect(page).toContain(`This is instance <b>${rows[i]?.[0] ?? ''}</b>`);
      expect(page).toContain(`at ${ips[i] ?? ''}:8080`);
    }

    const again = await e.demo();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Director already running at');
    expect(again.stdout).toContain("Stemcell 'bosh-local-debian-bookworm-go_agent/1.0' already exists.");
    expect(again.stdout).toContain("Release 'demo/0+dev.1' is already uploaded.");
    expect(again.stdout).not.toContain('Creating missing vms');
    expect(again.stdout).not.toContain('Updating instance');
    expect(lastInstances(again)).toEqual(rows);

    const cids = await e.vmCids();
    expect(cids).toHaveLength(3);
    const down = await e.demo(['--down']);
    expect(down.code).toBe(0);
    expect(down.stdout).toContain('The demo is down.');
    await expectAllGone(e, cids, ips);
  });

  it('--down after the director died deletes the VMs through the local CPI', async () => {
    const e = (env = await demoEnv());
    const up = await e.demo();
    expect(up.code).toBe(0);
    const ips = lastInstances(up).map((r) => r[3] ?? '');
    const cids = await e.vmCids();
    const pid = Number(await readFile(join(e.dataDir, 'director.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');

    const down = await e.demo(['--down']);
    expect(down.code).toBe(0);
    expect(down.stdout).not.toContain('delete-deployment');
    expect(down.stdout.match(/^Deleting VM vm-/gm)).toHaveLength(3);
    await expectAllGone(e, cids, ips);
  });

  it('refuses a data dir it did not make, to come up in or to remove', async () => {
    const e = (env = await demoEnv());
    const foreign = join(e.dir, 'foreign');
    await mkdir(foreign);
    await writeFile(join(foreign, 'keep.txt'), 'mine\n');
    const up = await e.demo(['--dir', foreign]);
    expect(up.code).toBe(1);
    expect(up.stderr).toContain(
      `npm run demo: ${foreign} is not empty and was not made by npm run demo; choose another --dir`,
    );
    const down = await e.demo(['--down', '--dir', foreign]);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(
      `npm run demo: ${foreign} was not made by npm run demo (no ${join(foreign, '.bosh-ts-demo')}); not removing it`,
    );
    expect(await readFile(join(foreign, 'keep.txt'), 'utf8')).toBe('mine\n');
  });

  it('fails clearly when the port is taken, starting nothing', async () => {
    const e = (env = await demoEnv());
    const server = createServer();
    await new Promise<void>((done) => server.listen(e.port, '127.0.0.1', done));
    try {
      const up = await e.demo();
      expect(up.code).toBe(1);
      expect(up.stderr).toContain(
        `npm run demo: port ${String(e.port)} on 127.0.0.1 is in use by another program`,
      );
      expect(await leftovers(e.dir, [])).toEqual([]);
    } finally {
      server.close();
    }
  });
});
