import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CpiResponse } from '../../protocol/cpi.js';
import { decodeConfig, type LocalCpiConfig } from './config.js';
import {
  checkImageDisksAllowed,
  createImage,
  diskFormat,
  diskHint,
  growImage,
  loopDevicesOf,
} from './disk-image.js';
import { handleRequest } from './dispatch.js';
import { CpiFault } from './response.js';

const hasMkfs = (() => {
  try {
    execFileSync('sh', ['-c', 'PATH=$PATH:/usr/sbin:/sbin command -v mkfs.ext4 resize2fs e2fsck dumpe2fs'], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
})();

/** Size in bytes of the ext4 file system in `image`, from `dumpe2fs -h`. */
function fsBytes(image: string): number {
  const out = execFileSync(
    'sh',
    ['-c', 'PATH=$PATH:/usr/sbin:/sbin dumpe2fs -h "$1" 2>/dev/null', 'sh', image],
    {
      encoding: 'utf8',
    },
  );
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)$`, 'm').exec(out)?.[1]);
  return field('Block count') * field('Block size');
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cpi-disk-image-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('disk formats', () => {
  it('cloud_properties.type picks directory or ext4-image; any other type leaves the config default', () => {
    expect(diskFormat({ type: 'ext4-image' }, 'directory')).toBe('ext4-image');
    expect(diskFormat({ type: 'directory' }, 'ext4-image')).toBe('directory');
    expect(diskFormat({ type: 'gp3' }, 'ext4-image')).toBe('ext4-image');
    expect(diskFormat({}, 'directory')).toBe('directory');
  });

  it('hints a directory by its path and an image as {path, format}', () => {
    const paths = { data: '/d/disk-1/data', image: '/d/disk-1/disk.img' };
    expect(diskHint('directory', paths)).toBe('/d/disk-1/data');
    expect(diskHint('ext4-image', paths)).toEqual({ path: '/d/disk-1/disk.img', format: 'ext4-image' });
  });

  it('refuses image disks without root, saying why', () => {
    expect(() => {
      checkImageDisksAllowed(0);
    }).not.toThrow();
    for (const uid of [1000, undefined]) {
      let fault: unknown;
      try {
        checkImageDisksAllowed(uid);
      } catch (e) {
        fault = e;
      }
      expect(fault).toBeInstanceOf(CpiFault);
      expect((fault as CpiFault).toWire()).toEqual({
        type: 'Bosh::Clouds::CloudError',
        message:
          "Disk type 'ext4-image' needs root: the agent loop-mounts the image on /var/vcap/store (mount -o loop), " +
          "which only root may do; run the CPI as root or use disk type 'directory'",
        ok_to_retry: false,
      });
    }
  });

  it("config 'persistent_disk_type' is directory by default, or ext4-image; anything else is refused", () => {
    const base = { data_dir: '/data', agent: { mbus: 'https://m' }, agent_command: ['agent'] };
    expect(decodeConfig(base, dir).persistentDiskType).toBe('directory');
    expect(decodeConfig({ ...base, persistent_disk_type: 'ext4-image' }, dir).persistentDiskType).toBe(
      'ext4-image',
    );
    expect(() => decodeConfig({ ...base, persistent_disk_type: 'xfs' }, dir)).toThrow(
      `Invalid local CPI config:\n- 'persistent_disk_type' must be 'directory' or 'ext4-image', got "xfs"`,
    );
  });

  it('finds the loop devices backed by an image in /sys/block', async () => {
    const image = join(dir, 'disk.img');
    await writeFile(image, '');
    const sys = join(dir, 'sys-block');
    for (const [name, backing] of [
      ['loop0', image],
      ['loop1', '/elsewhere.img'],
      ['loop2', undefined],
      ['sda', image],
    ] as const) {
      await mkdir(join(sys, name, 'loop'), { recursive: true });
      if (backing !== undefined) await writeFile(join(sys, name, 'loop', 'backing_file'), `${backing}\n`);
    }
    expect(await loopDevicesOf(image, sys)).toEqual(['/dev/loop0']);
    expect(await loopDevicesOf(join(dir, 'other.img'), sys)).toEqual([]);
  });
});

describe.skipIf(!hasMkfs)('ext4 images', () => {
  it('are made sparse with an ext4 file system of their size, and grow with it', async () => {
    const image = join(dir, 'disk.img');
    await createImage(image, 32);
    expect((await stat(image)).size).toBe(32 * 1024 * 1024);
    expect((await stat(image)).blocks * 512).toBeLessThan(32 * 1024 * 1024);
    expect(fsBytes(image)).toBe(32 * 1024 * 1024);
    await growImage(image, 48);
    expect((await stat(image)).size).toBe(48 * 1024 * 1024);
    expect(fsBytes(image)).toBe(48 * 1024 * 1024);
  });

  it('is not made over an existing file', async () => {
    const image = join(dir, 'disk.img');
    await writeFile(image, 'precious');
    await expect(createImage(image, 32)).rejects.toThrow('EEXIST');
    expect(await readFile(image, 'utf8')).toBe('precious');
  });
});

/** The local CPI answering in-process, with `config` overriding a minimal config. */
function cpi(config: Partial<LocalCpiConfig> = {}) {
  let n = 0;
  const full: LocalCpiConfig = {
    ...decodeConfig({ data_dir: join(dir, 'data'), agent: { mbus: 'https://m' }, agent_command: ['a'] }, dir),
    ...config,
  };
  const call = (method: string, args: readonly unknown[]): Promise<CpiResponse> =>
    handleRequest(
      JSON.stringify({ method, arguments: args, context: { director_uuid: 'd' }, api_version: 2 }),
      {
        loadConfig: () => Promise.resolve(full),
        newCid: (prefix) => `${prefix}-${String((n += 1))}`,
        now: () => new Date(0),
        launchMode: () => 'none',
      },
    );
  return {
    call,
    ok: async (method: string, args: readonly unknown[]): Promise<unknown> => {
      const r = await call(method, args);
      if (r.error !== null) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
      return r.result;
    },
  };
}

const diskDir = (cid: string) => join(dir, 'data', 'disks', cid);
const meta = async (cid: string): Promise<unknown> =>
  JSON.parse(await readFile(join(diskDir(cid), 'disk.json'), 'utf8')) as unknown;

describe('local CPI disk methods and formats', () => {
  it('makes a directory disk by default, with its format recorded, and refuses to shrink it', async () => {
    const { ok, call } = cpi();
    const cid = String(await ok('create_disk', [100, { type: 'fast' }, null]));
    expect(await meta(cid)).toMatchObject({ format: 'directory', size: 100 });
    expect((await stat(join(diskDir(cid), 'data'))).isDirectory()).toBe(true);
    expect(await ok('resize_disk', [cid, 100])).toBeNull();
    expect((await call('resize_disk', [cid, 50])).error).toEqual({
      type: 'Bosh::Clouds::NotSupported',
      message: `Cannot resize disk '${cid}' to a smaller size: from 100 MiB to 50 MiB`,
      ok_to_retry: false,
    });
    expect((await call('update_disk', [cid, 100, { type: 'ext4-image' }])).error).toEqual({
      type: 'Bosh::Clouds::NotSupported',
      message: `Changing disk '${cid}' from type 'directory' to 'ext4-image' is not supported`,
      ok_to_retry: false,
    });
  });

  it('refuses an ext4-image disk without root, leaving nothing behind', async () => {
    vi.spyOn(process, 'getuid').mockReturnValue(1000);
    const { call } = cpi({ persistentDiskType: 'ext4-image' });
    const r = await call('create_disk', [100, {}, null]);
    expect(r.error?.type).toBe('Bosh::Clouds::CloudError');
    expect(r.error?.message).toMatch(/^Disk type 'ext4-image' needs root: /);
    expect(await stat(join(dir, 'data', 'disks', 'disk-1')).catch(() => 'none')).toBe('none');
  });

  it.skipIf(!hasMkfs || process.getuid?.() !== 0)(
    'makes, grows, snapshots and deletes an ext4-image disk',
    async () => {
      const { ok, call } = cpi({ persistentDiskType: 'ext4-image' });
      const cid = String(await ok('create_disk', [32, {}, null]));
      const image = join(diskDir(cid), 'disk.img');
      expect(await meta(cid)).toMatchObject({ format: 'ext4-image', size: 32 });
      expect(fsBytes(image)).toBe(32 * 1024 * 1024);

      expect(await ok('resize_disk', [cid, 40])).toBeNull();
      expect(fsBytes(image)).toBe(40 * 1024 * 1024);
      expect(await ok('update_disk', [cid, 48, { type: 'ext4-image', note: 'x' }])).toBeNull();
      expect(fsBytes(image)).toBe(48 * 1024 * 1024);
      expect(await meta(cid)).toMatchObject({
        size: 48,
        cloud_properties: { type: 'ext4-image', note: 'x' },
      });
      expect((await call('resize_disk', [cid, 32])).error?.type).toBe('Bosh::Clouds::NotSupported');

      const snapshot = String(await ok('snapshot_disk', [cid, {}]));
      const copy = join(dir, 'data', 'snapshots', snapshot, 'disk.img');
      expect(fsBytes(copy)).toBe(48 * 1024 * 1024);
      expect(
        JSON.parse(await readFile(join(dir, 'data', 'snapshots', snapshot, 'snapshot.json'), 'utf8')),
      ).toMatchObject({ disk_cid: cid, format: 'ext4-image' });

      expect(await ok('delete_disk', [cid])).toBeNull();
      expect(await stat(diskDir(cid)).catch(() => 'none')).toBe('none');
    },
  );
});
