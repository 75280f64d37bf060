import { describe, expect, it } from 'vitest';
import { tableRows } from '../../test/support/bosh-table.js';
import { loopbackRange } from './cloud-config.js';
import { instancesOf } from './query-support.js';
import { perTestDeployEnv } from './support.js';
import { writeWebManifest } from './web-release.js';

// The first end-to-end deploy: the embedded director, the local CPI, real agents on VMs, our CLI. A release whose
// job serves HTTP on its own VM's IP is compiled on a compilation VM and deployed to 2 instances with a canary.
const deployEnv = perTestDeployEnv();

describe('bosh deploy on the embedded director', { timeout: 300_000 }, () => {
  it('compiles, creates VMs and updates 2 instances with a canary; instances --ps shows them running', async () => {
    const e = await deployEnv('it-deploy-', {
      subnet: { az: 'z1', dns: [], cloud_properties: { range: `${loopbackRange()}.0/24` } },
    });
    const manifest = await writeWebManifest(e.dir, 'demo', {
      instances: 2,
      watch: '1000-30000',
      properties: { message: 'hi' },
    });
    const deploy = await e.bosh(['-d', 'demo', 'deploy', manifest]);
    expect(deploy.stderr).toBe('');
    expect(deploy.code).toBe(0);
    expect(deploy.stdout).toMatch(/Compiling packages: srv\//);
    expect(deploy.stdout).toMatch(/Updating instance web: web\/[0-9a-f-]+ \(0\) \(canary\)/);
    expect(deploy.stdout).toMatch(/Updating instance web: web\/[0-9a-f-]+ \(1\)\n/);
    expect(deploy.stdout).toMatch(/L executing post-start: web\/[0-9a-f-]+ \(1\) \(\d\d:\d\d:\d\d\)/);
    // Fresh VMs run nothing yet: they are not stopped first.
    expect(deploy.stdout).not.toContain('executing pre-stop');

    const instances = await e.bosh(['-d', 'demo', 'instances', '--ps', '--json']);
    expect(instances.code).toBe(0);
    const processes = tableRows(instances).filter((r) => r.process === 'web');
    expect(processes.map((r) => r.process_state)).toEqual(['running', 'running']);
    expect(await e.director.json('GET', '/deployments')).toEqual([expect.objectContaining({ name: 'demo' })]);
    // `bosh vms` names each VM's vm_type, as BOSH's VmState reports it from the instance's spec.
    const vms = tableRows(await e.bosh(['-d', 'demo', 'vms', '--json']));
    expect(vms.map((v) => v.vm_type)).toEqual(['small', 'small']);

    // Nothing changed: the second deploy touches no instance.
    const again = await e.bosh(['-d', 'demo', 'deploy', manifest]);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('Updating instance');
    expect(again.stdout).not.toContain('Creating missing vms');

    // Scaling down deletes the surplus instance, tagged with its group, and touches no other.
    const one = await writeWebManifest(e.dir, 'demo', {
      instances: 1,
      watch: '1000-30000',
      properties: { message: 'hi' },
    });
    const down = await e.bosh(['-d', 'demo', 'deploy', one]);
    expect(down.code).toBe(0);
    expect(down.stdout).toMatch(/Deleting unneeded instances web: web\/[0-9a-f-]+ \(1\) \(\d\d:\d\d:\d\d\)/);
    expect(down.stdout).not.toContain('Updating instance');
    expect(await instancesOf(e, 'demo')).toHaveLength(1);
  });

  it("fails with BOSH's error when a job does not stay running, and the CLI wraps it", async () => {
    const e = await deployEnv('it-deploy-');
    // A port that is not a number: the job's start program fails, so it never runs.
    const manifest = await writeWebManifest(e.dir, 'broken', {
      instances: 1,
      watch: '1000-3000',
      properties: { port: 'not-a-port' },
    });
    const deploy = await e.bosh(['-d', 'broken', 'deploy', manifest]);
    expect(deploy.code).toBe(1);
    const failure = /'web\/[0-9a-f-]+ \(0\)' is not running after update\. Review logs for failed jobs: web/;
    expect(deploy.stdout).toMatch(new RegExp(`L Error: ${failure.source}`));
    expect(deploy.stdout).toMatch(new RegExp(`\\| Error: ${failure.source}`));
    expect(deploy.stderr).toMatch(
      /^Updating deployment:\n {2}Expected task '\d+' to succeed but state is 'error'/m,
    );
  });
});
