import { execFileSync } from 'node:child_process';
import { lstat, readFile, readlink, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalCloud, readText, vmShell, type Vm } from './support.js';

// The director's disk flows against real VMs: add_persistent_disk for a disk the VM's settings do not list, the
// migration of a disk's data to a new disk (mount_disk on store_migration_target + migrate_disk), and disks that
// are loop-mounted ext4 images.
const isRoot = process.getuid?.() === 0;

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await LocalCloud.create();
});
afterEach(() => cloud.deleteAllVms(), 60_000);
afterAll(() => cloud.destroy(), 60_000);

const diskData = (disk: string, ...path: string[]) => join(cloud.dataDir, 'disks', disk, 'data', ...path);

async function startedVm(agentId: string): Promise<Vm> {
  const vm = await cloud.createVm(agentId);
  await vm.waitForAgent();
  return vm;
}

/** The failure message of a task, without the get_task prefix. */
function taskError(result: { exception?: { message: string } }): string {
  return (result.exception?.message ?? 'no error').replace(/^Action Failed get_task: Task \S+ result: /, '');
}

const listDisk = async (vm: Vm): Promise<unknown> => (await vm.request('list_disk')).value;

describe('persistent disks the director moves around', { timeout: 180_000 }, () => {
  it('mount_disk finds a disk the settings do not list once add_persistent_disk gave its hint', async () => {
    const vm = await startedVm('agent-hint');
    const disk = String(await cloud.ok('create_disk', [64, {}, null]));
    const hint = await cloud.ok('attach_disk', [vm.cid, disk]);
    expect(hint).toBe(diskData(disk));
    // As with a CPI that leaves the agent's settings alone: the director's add_persistent_disk is all it gets.
    const settingsPath = vm.path('bosh/settings.json');
    const settings = JSON.parse(await readFile(settingsPath, 'utf8')) as { disks: { persistent: object } };
    await writeFile(
      settingsPath,
      JSON.stringify({ ...settings, disks: { ...settings.disks, persistent: {} } }),
    );

    expect(taskError(await vm.runTask('mount_disk', disk))).toBe(
      `Reading persistent disk settings: Persistent disk with volume id '${disk}' could not be found`,
    );
    expect(await vm.runTask('add_persistent_disk', disk, hint)).toEqual({ value: {} });
    expect(JSON.parse((await readText(vm.path('bosh/persistent_disk_hints.json'))) ?? '')).toEqual({
      [disk]: hint,
    });
    await vm.mountDisk(disk);
    await vmShell(vm, 'echo hinted > /var/vcap/store/file');
    expect(await readText(diskData(disk, 'file'))).toBe('hinted\n');

    // The agent's part of the director's detach: unmount_disk, remove_persistent_disk.
    expect(((await vm.runTask('unmount_disk', disk)).value as { message: string }).message).toMatch(
      /^Unmounted partition of \{ID:disk-/,
    );
    expect(await vm.runTask('remove_persistent_disk', disk)).toEqual({ value: {} });
    expect(await readText(vm.path('bosh/persistent_disk_hints.json'))).toBe('{}');
    expect(taskError(await vm.runTask('mount_disk', disk))).toMatch(/could not be found$/);
    expect(await listDisk(vm)).toEqual([]);
  });

  it("migrate_disk moves everything on the old disk to the new one, which takes the old one's place", async () => {
    const vm = await startedVm('agent-migrate');
    const oldDisk = String(await cloud.ok('create_disk', [64, {}, null]));
    await cloud.ok('attach_disk', [vm.cid, oldDisk]);
    await vm.mountDisk(oldDisk);
    await vmShell(
      vm,
      [
        'set -e',
        'cd /var/vcap/store',
        'mkdir -p job/sub && echo data > job/sub/file && chmod 0640 job/sub/file && chmod 0750 job',
        'ln -s sub/file job/link',
        ...(isRoot ? ['chown 1234:2345 job/sub/file'] : []),
      ].join('\n'),
    );

    const newDisk = String(await cloud.ok('create_disk', [64, {}, null]));
    const hint = await cloud.ok('attach_disk', [vm.cid, newDisk]);
    expect(await vm.runTask('add_persistent_disk', newDisk, hint)).toEqual({ value: {} });
    // store holds the old disk: the new one goes on store_migration_target.
    await vm.mountDisk(newDisk);
    expect(await vmShell(vm, 'mountpoint -q /var/vcap/store_migration_target && echo yes')).toBe('yes\n');
    expect(((await listDisk(vm)) as string[]).sort()).toEqual([oldDisk, newDisk].sort());

    expect(await vm.runTask('migrate_disk', oldDisk, newDisk)).toEqual({ value: {} });

    const file = diskData(newDisk, 'job', 'sub', 'file');
    expect(await readText(file)).toBe('data\n');
    expect((await stat(file)).mode & 0o7777).toBe(0o640);
    expect((await stat(diskData(newDisk, 'job'))).mode & 0o7777).toBe(0o750);
    if (isRoot) expect([(await stat(file)).uid, (await stat(file)).gid]).toEqual([1234, 2345]);
    expect((await lstat(diskData(newDisk, 'job', 'link'))).isSymbolicLink()).toBe(true);
    expect(await readlink(diskData(newDisk, 'job', 'link'))).toBe('sub/file');

    expect(await listDisk(vm)).toEqual([newDisk]);
    expect(await readText(vm.path('bosh/managed_disk_settings.json'))).toBe(newDisk);
    expect(await vmShell(vm, 'mountpoint -q /var/vcap/store_migration_target || echo no')).toBe('no\n');
    await vmShell(vm, 'echo after > /var/vcap/store/after');
    expect(await readText(diskData(newDisk, 'after'))).toBe('after\n');
    expect(await readText(diskData(oldDisk, 'after'))).toBeUndefined();
    expect(await readText(diskData(oldDisk, 'job', 'sub', 'file'))).toBe('data\n');

    // The director then lets go of the old disk.
    expect(((await vm.runTask('unmount_disk', oldDisk)).value as { message: string }).message).toMatch(
      /^Partition of \{ID:disk-.* is not mounted$/,
    );
    expect(await vm.runTask('remove_persistent_disk', oldDisk)).toEqual({ value: {} });
    expect(await cloud.ok('detach_disk', [vm.cid, oldDisk])).toBeNull();
    expect(await listDisk(vm)).toEqual([newDisk]);
  });

  it.skipIf(!isRoot)('an ext4-image disk keeps its data across VMs and grows with resize_disk', async () => {
    const disk = String(await cloud.ok('create_disk', [64, { type: 'ext4-image' }, null]));
    const image = join(cloud.dataDir, 'disks', disk, 'disk.img');
    expect((await stat(image)).size).toBe(64 * 1024 * 1024);

    const first = await startedVm('agent-image-1');
    expect(await cloud.ok('attach_disk', [first.cid, disk])).toEqual({ path: image, format: 'ext4-image' });
    await first.mountDisk(disk);
    expect(await vmShell(first, 'stat -f -c %T /var/vcap/store')).toBe('ext2/ext3\n');
    await vmShell(first, 'echo kept > /var/vcap/store/file');
    await cloud.deleteVm(first);

    const second = await startedVm('agent-image-2');
    await cloud.ok('attach_disk', [second.cid, disk]);
    await second.mountDisk(disk);
    expect(await vmShell(second, 'cat /var/vcap/store/file')).toBe('kept\n');
    expect(((await second.runTask('unmount_disk', disk)).value as { message: string }).message).toMatch(
      /^Unmounted partition of /,
    );
    expect(await cloud.ok('detach_disk', [second.cid, disk])).toBeNull();

    expect(await cloud.ok('resize_disk', [disk, 128])).toBeNull();
    expect((await stat(image)).size).toBe(128 * 1024 * 1024);
    const header = execFileSync('dumpe2fs', ['-h', image], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)$`, 'm').exec(header)?.[1]);
    expect(field('Block count') * field('Block size')).toBe(128 * 1024 * 1024);

    await cloud.ok('attach_disk', [second.cid, disk]);
    await second.mountDisk(disk);
    expect(await vmShell(second, 'cat /var/vcap/store/file')).toBe('kept\n');
    const kib = Number((await vmShell(second, 'df -k --output=size /var/vcap/store | tail -1')).trim());
    expect(kib).toBeGreaterThan(100 * 1024);

    // Migrating to another image: the new image ends up on store, and both loop devices go with the VM.
    const bigger = String(await cloud.ok('create_disk', [160, { type: 'ext4-image' }, null]));
    const biggerImage = join(cloud.dataDir, 'disks', bigger, 'disk.img');
    await cloud.ok('attach_disk', [second.cid, bigger]);
    await second.mountDisk(bigger);
    expect(await second.runTask('migrate_disk', disk, bigger)).toEqual({ value: {} });
    expect(await listDisk(second)).toEqual([bigger]);
    expect(await vmShell(second, 'cat /var/vcap/store/file')).toBe('kept\n');
    const size = Number((await vmShell(second, 'df -k --output=size /var/vcap/store | tail -1')).trim());
    expect(size).toBeGreaterThan(130 * 1024); // more than the 128 MiB disk holds
    await cloud.deleteVm(second);
    const loops = execFileSync('losetup', ['-j', image], { encoding: 'utf8' });
    expect(loops + execFileSync('losetup', ['-j', biggerImage], { encoding: 'utf8' })).toBe('');
  });
});
