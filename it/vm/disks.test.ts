import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apply, instanceId, LocalCloud, readText, vmShell, type Vm } from './support.js';

// Persistent disks of the local CPI are directories that outlive VMs: what a job writes to /var/vcap/store on one
// VM is there for the next VM the disk is attached to.
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await LocalCloud.create();
});
afterEach(() => cloud.deleteAllVms(), 60_000);
afterAll(() => cloud.destroy(), 60_000);

/** A VM with `disk` attached and mounted, the fixture job applied and its pre-start run (which uses the disk). */
async function vmWithDisk(agentId: string, disk: string): Promise<Vm> {
  const vm = await cloud.createVm(agentId);
  await vm.waitForAgent();
  const hint = await cloud.ok('attach_disk', [vm.cid, disk]);
  expect(hint).toBe(join(cloud.dataDir, 'disks', disk, 'data'));
  expect(await cloud.ok('get_disks', [vm.cid])).toEqual([disk]);
  await vm.mountDisk(disk);
  expect(await vm.request('list_disk')).toEqual({ value: [disk] });
  await apply(vm);
  expect(await vm.runTask('run_script', 'pre-start', {})).toEqual({ value: {} });
  return vm;
}

describe('a persistent disk', { timeout: 180_000 }, () => {
  it('keeps what a job wrote to /var/vcap/store across delete_vm and shows it to the next VM', async () => {
    const disk = String(await cloud.ok('create_disk', [1024, {}, null]));
    const onDisk = join(cloud.dataDir, 'disks', disk, 'data', 'web', 'history');

    const first = await vmWithDisk('agent-disk-1', disk);
    expect(await readText(first.path('data/web/store-history'))).toBe(`${instanceId(first)}\n`);
    // The disk is mounted in the VM's mount namespace only: the host's view of the VM dir has an empty store.
    expect(await readText(first.path('store/web/history'))).toBeUndefined();

    await cloud.deleteVm(first);
    expect(await cloud.ok('has_disk', [disk])).toBe(true);
    expect(await readText(onDisk)).toBe(`${instanceId(first)}\n`);

    const second = await vmWithDisk('agent-disk-2', disk);
    expect(await readText(second.path('data/web/store-history'))).toBe(
      `${instanceId(first)}\n${instanceId(second)}\n`,
    );
    await cloud.deleteVm(second);
    expect(await readText(onDisk)).toBe(`${instanceId(first)}\n${instanceId(second)}\n`);
    expect(await cloud.ok('delete_disk', [disk])).toBeNull();
    expect(await cloud.ok('has_disk', [disk])).toBe(false);
  });

  it('is mounted again on /var/vcap/store when the VM reboots', async () => {
    const disk = String(await cloud.ok('create_disk', [1024, {}, null]));
    const vm = await vmWithDisk('agent-disk-reboot', disk);
    expect(await cloud.ok('reboot_vm', [vm.cid])).toBeNull();
    await vm.waitForAgent();
    expect(await vm.request('list_disk')).toEqual({ value: [disk] });
    expect(await vmShell(vm, 'cat /var/vcap/store/web/history')).toBe(`${instanceId(vm)}\n`);
  });
});
