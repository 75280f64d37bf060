import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorChainMessage } from '../base/errors.js';
import { Dirs } from './dirs.js';
import { diskMountArgs, LocalPlatform } from './local-platform.js';

// The persistent-disk side of the local VM's platform, with `mount`/`umount` recorded (and their effect on mount
// points simulated) instead of run.

let dir: string;
let dirs: Dirs;
let mounted: Set<string>;
let commands: string[];
let failOn: string | undefined;
let platform: LocalPlatform;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'local-platform-'));
  dirs = new Dirs(join(dir, 'vcap'));
  await mkdir(dirs.bosh, { recursive: true });
  mounted = new Set();
  commands = [];
  failOn = undefined;
  platform = new LocalPlatform(
    dirs,
    (path) => Promise.resolve(mounted.has(path)),
    () => undefined,
    (command, args) => {
      const line = [command, ...args].join(' ');
      commands.push(line);
      if (failOn !== undefined && line.startsWith(failOn))
        return Promise.reject(new Error(`${command} failed`));
      const last = args[args.length - 1] ?? '';
      if (command === 'umount') mounted.delete(last);
      else if (command === 'mount' && !args.includes('remount,bind,ro')) mounted.add(last);
      return Promise.resolve();
    },
  );
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const record = (name: string): Promise<string | undefined> =>
  readFile(join(dirs.bosh, name), 'utf8').catch(() => undefined);

function failure(run: Promise<unknown>): Promise<string> {
  return run.then(
    () => 'no error',
    (e: unknown) => (e instanceof Error ? errorChainMessage(e) : String(e)),
  );
}

describe('diskMountArgs', () => {
  it('bind-mounts a directory disk and loop-mounts an ext4 image disk', () => {
    expect(diskMountArgs('/disks/d/data')).toEqual(['--bind', '/disks/d/data']);
    expect(diskMountArgs({ path: '/disks/d/data' })).toEqual(['--bind', '/disks/d/data']);
    expect(diskMountArgs({ path: '/disks/d/data', format: 'directory' })).toEqual([
      '--bind',
      '/disks/d/data',
    ]);
    expect(diskMountArgs({ path: '/disks/d/disk.img', format: 'ext4-image' })).toEqual([
      '-t',
      'ext4',
      '-o',
      'loop',
      '/disks/d/disk.img',
    ]);
  });

  it('refuses settings without a path or with an unknown format', () => {
    expect(() => diskMountArgs({ volume_id: 'v' })).toThrow('no path in disk settings {"volume_id":"v"}');
    expect(() => diskMountArgs({ path: '/p', format: 'xfs' })).toThrow(
      'unsupported disk format "xfs" in disk settings {"path":"/p","format":"xfs"}',
    );
  });
});

describe('LocalPlatform persistent disks', () => {
  it('mounts a second disk on store_migration_target, knows both as mounted, and unmounts either', async () => {
    await platform.mountPersistentDisk('disk-a', '/disks/a/data');
    await platform.mountPersistentDisk('disk-b', { path: '/disks/b/disk.img', format: 'ext4-image' });
    expect(commands).toEqual([
      `mount --bind /disks/a/data ${dirs.store}`,
      `mount -t ext4 -o loop /disks/b/disk.img ${dirs.storeMigrationTarget}`,
    ]);
    expect(await record('managed_disk_settings.json')).toBe('disk-a');
    expect(await record('store_migration_target_cid')).toBe('disk-b');
    expect(await platform.isPersistentDiskMounted('disk-a')).toBe(true);
    expect(await platform.isPersistentDiskMounted('disk-b')).toBe(true);
    expect(await platform.isPersistentDiskMounted('disk-c')).toBe(false);

    // Mounting a disk that is already mounted, on either mount point, does nothing.
    await platform.mountPersistentDisk('disk-a', '/disks/a/data');
    await platform.mountPersistentDisk('disk-b', { path: '/disks/b/disk.img', format: 'ext4-image' });
    expect(commands).toHaveLength(2);

    expect(await platform.unmountPersistentDisk('disk-b')).toBe(true);
    expect(commands[2]).toBe(`umount ${dirs.storeMigrationTarget}`);
    expect(await record('store_migration_target_cid')).toBeUndefined();
    expect(await platform.unmountPersistentDisk('disk-b')).toBe(false);
    expect(await platform.isPersistentDiskMounted('disk-a')).toBe(true);
  });

  it('migrates: old disk read-only, copied, unmounted; the new disk moved to store and recorded', async () => {
    await platform.mountPersistentDisk('disk-a', '/disks/a/data');
    await platform.mountPersistentDisk('disk-b', '/disks/b/data');
    commands.length = 0;
    await platform.migratePersistentDisk();
    const [from, to] = [dirs.store, dirs.storeMigrationTarget];
    expect(commands).toEqual([
      `mount -o remount,bind,ro ${from}`,
      `cp -a -- ${from}/. ${to}/`,
      `umount ${from}`,
      `mount --bind ${to} ${from}`,
      `umount ${to}`,
    ]);
    expect(await record('managed_disk_settings.json')).toBe('disk-b');
    expect(await record('store_migration_target_cid')).toBeUndefined();
    expect(await platform.isPersistentDiskMounted('disk-b')).toBe(true);
    expect(await platform.isPersistentDiskMounted('disk-a')).toBe(false);
  });

  it("refuses to migrate without a disk on either mount point, in bosh-agent's words, touching nothing", async () => {
    expect(await failure(platform.migratePersistentDisk())).toBe(
      `Remounting persistent disk as readonly: Error finding device for mount point ${dirs.store}: <nil cause>`,
    );
    await platform.mountPersistentDisk('disk-a', '/disks/a/data');
    commands.length = 0;
    expect(await failure(platform.migratePersistentDisk())).toBe(
      'Remounting new disk on original mountpoint: ' +
        `Error finding device for mount point ${dirs.storeMigrationTarget}: <nil cause>`,
    );
    expect(commands).toEqual([]);
  });

  it('leaves the old disk writable on store when the copy fails', async () => {
    await platform.mountPersistentDisk('disk-a', '/disks/a/data');
    await platform.mountPersistentDisk('disk-b', '/disks/b/data');
    commands.length = 0;
    failOn = 'cp ';
    expect(await failure(platform.migratePersistentDisk())).toBe(
      'Copying files from old disk to new disk: cp failed',
    );
    expect(commands).toEqual([
      `mount -o remount,bind,ro ${dirs.store}`,
      `cp -a -- ${dirs.store}/. ${dirs.storeMigrationTarget}/`,
      `mount -o remount,bind,rw ${dirs.store}`,
    ]);
    expect(await record('managed_disk_settings.json')).toBe('disk-a');
    expect(await record('store_migration_target_cid')).toBe('disk-b');
  });

  it('ignores a stale record whose mount point is not mounted', async () => {
    await writeFile(join(dirs.bosh, 'managed_disk_settings.json'), 'disk-a');
    expect(await platform.isPersistentDiskMounted('disk-a')).toBe(false);
    await platform.mountPersistentDisk('disk-a', '/disks/a/data');
    expect(commands).toEqual([`mount --bind /disks/a/data ${dirs.store}`]);
  });
});
