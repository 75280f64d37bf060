import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apply, instanceId, LocalCloud, type Vm } from './support.js';

// run_errand and sync_dns on a real VM: the errand runs inside the VM with its output returned, and the DNS
// records the director syncs become the VM's own /etc/hosts (bound over /etc/hosts in the VM's mount namespace
// only: the host's file is untouched).
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await LocalCloud.create();
});
afterEach(() => cloud.deleteAllVms(), 60_000);
afterAll(() => cloud.destroy(), 60_000);

async function syncDns(vm: Vm, version: number, records: [string, string][]): Promise<unknown> {
  const blob = JSON.stringify({ records, version, record_keys: [], record_infos: [] });
  const id = `dns-${vm.cid}-${String(version)}`;
  await writeFile(join(cloud.blobstore, id), blob);
  return vm.request('sync_dns', id, createHash('sha1').update(blob).digest('hex'), version);
}

describe('errands and DNS on a VM', { timeout: 180_000 }, () => {
  it('run_errand returns the errand output and exit code; sync_dns gives the VM its own /etc/hosts', async () => {
    const hostHosts = await readFile('/etc/hosts', 'utf8');
    const vm = await cloud.createVm('agent-errand');
    await vm.waitForAgent();
    await apply(vm, { jobs: ['web', 'smoke'] });

    expect(await syncDns(vm, 1, [['10.9.8.7', 'web-0.it-vm.bosh']])).toEqual({ value: 'synced' });
    expect(await readFile(vm.path('bosh/etc/hosts'), 'utf8')).toContain('10.9.8.7 web-0.it-vm.bosh\n');
    expect(await readFile(vm.path('instance/dns/records.json'), 'utf8')).toContain('"version":1');
    expect(await readFile('/etc/hosts', 'utf8')).toBe(hostHosts);

    expect(await vm.runTask('run_errand', 'smoke')).toEqual({
      value: {
        stdout: `smoke on ${instanceId(vm)}\n10.9.8.7        web-0.it-vm.bosh\n`,
        stderr: 'smoke failed\n',
        exit_code: 4,
      },
    });

    // A newer version replaces the records in place; an older one is a no-op.
    expect(await syncDns(vm, 3, [['10.9.8.8', 'web-0.it-vm.bosh']])).toEqual({ value: 'synced' });
    expect(await syncDns(vm, 2, [['10.9.8.9', 'web-0.it-vm.bosh']])).toEqual({ value: 'synced' });
    const rerun = (await vm.runTask('run_errand', 'smoke')) as { value: { stdout: string } };
    expect(rerun.value.stdout).toContain('10.9.8.8        web-0.it-vm.bosh\n');

    expect(await vm.runTask('run_errand', 'nope')).toEqual({
      exception: { message: expect.stringMatching(/Could not find errand nope$/) as unknown },
    });
    expect(await readFile('/etc/hosts', 'utf8')).toBe(hostHosts);
  });
});
