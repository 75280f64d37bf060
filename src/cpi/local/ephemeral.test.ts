import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ephemeralImage, ephemeralRequest, prepareDataMount } from './ephemeral.js';
import { dataArgument } from './namespace.js';
import { CpiFault } from './response.js';

function fault(run: () => unknown): { type: string; message: string } {
  try {
    run();
  } catch (e) {
    if (!(e instanceof CpiFault)) throw e;
    return { type: e.type, message: e.message };
  }
  throw new Error('expected a failure');
}

const cloudError = (message: string) => ({ type: 'Bosh::Clouds::CloudError', message });

describe('ephemeralRequest', () => {
  it('reads ephemeral_disk.size and tmpfs, ignoring other keys', () => {
    expect(ephemeralRequest({})).toEqual({ kind: 'directory' });
    expect(ephemeralRequest({ cpu: 2, ram: 1024, instance_type: 'm5.large' })).toEqual({ kind: 'directory' });
    expect(ephemeralRequest({ ephemeral_disk: { size: 64, type: 'gp3' } })).toEqual({
      kind: 'ext4',
      sizeMib: 64,
    });
    // What calculate_vm_cloud_properties returns for ephemeral_disk_size 0, and a disk without a size.
    expect(ephemeralRequest({ ephemeral_disk: { size: 0 } })).toEqual({ kind: 'directory' });
    expect(ephemeralRequest({ ephemeral_disk: {} })).toEqual({ kind: 'directory' });
    expect(ephemeralRequest({ tmpfs: true })).toEqual({ kind: 'tmpfs', sizeMib: undefined });
    expect(ephemeralRequest({ tmpfs: true, ephemeral_disk: { size: 32 } })).toEqual({
      kind: 'tmpfs',
      sizeMib: 32,
    });
    expect(ephemeralRequest({ tmpfs: { size: 16 }, ephemeral_disk: { size: 32 } })).toEqual({
      kind: 'tmpfs',
      sizeMib: 16,
    });
    expect(ephemeralRequest({ tmpfs: {} })).toEqual({ kind: 'tmpfs', sizeMib: undefined });
    expect(ephemeralRequest({ tmpfs: false, ephemeral_disk: { size: 8 } })).toEqual({
      kind: 'ext4',
      sizeMib: 8,
    });
  });

  it('names a malformed value exactly', () => {
    expect(fault(() => ephemeralRequest({ ephemeral_disk: 64 }))).toEqual(
      cloudError('cloud_properties.ephemeral_disk must be a Hash, got: 64'),
    );
    expect(fault(() => ephemeralRequest({ ephemeral_disk: { size: '64' } }))).toEqual(
      cloudError('cloud_properties.ephemeral_disk.size must be a non-negative Integer (MiB), got: "64"'),
    );
    expect(fault(() => ephemeralRequest({ ephemeral_disk: { size: 1.5 } }))).toEqual(
      cloudError('cloud_properties.ephemeral_disk.size must be a non-negative Integer (MiB), got: 1.5'),
    );
    expect(fault(() => ephemeralRequest({ tmpfs: 'yes' }))).toEqual(
      cloudError(
        'cloud_properties.tmpfs must be true, false or a Hash with a positive Integer size (MiB), got: "yes"',
      ),
    );
    expect(fault(() => ephemeralRequest({ tmpfs: { size: 0 } }))).toEqual(
      cloudError(
        'cloud_properties.tmpfs must be true, false or a Hash with a positive Integer size (MiB), got: {"size":0}',
      ),
    );
  });
});

describe('dataArgument', () => {
  it('tells the VM init what to mount on /var/vcap/data', () => {
    expect(dataArgument(undefined)).toBe('-');
    expect(dataArgument({ kind: 'tmpfs', sizeMib: undefined })).toBe('tmpfs:');
    expect(dataArgument({ kind: 'tmpfs', sizeMib: 64 })).toBe('tmpfs:64');
    expect(dataArgument({ kind: 'ext4', image: '/d/vms/vm-1/.cpi/ephemeral.img' })).toBe(
      'ext4:/d/vms/vm-1/.cpi/ephemeral.img',
    );
  });
});

describe('prepareDataMount', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cpi-ephemeral-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('warns and mounts nothing without root and a mount namespace of the VM', async () => {
    const lines: string[] = [];
    for (const mode of ['none', 'mount-ns-userns'] as const) {
      const vm = { cid: 'vm-1', dir, mode };
      expect(await prepareDataMount({ kind: 'ext4', sizeMib: 64 }, vm, (l) => lines.push(l))).toBeUndefined();
      expect(await prepareDataMount({ kind: 'tmpfs', sizeMib: 8 }, vm, (l) => lines.push(l))).toBeUndefined();
    }
    expect(lines).toEqual([
      "WARN: ignoring cloud_properties of VM 'vm-1' that ask for an ephemeral disk of 64 MiB on /var/vcap/data: " +
        "mounting it needs root and a mount namespace of the VM's own, and the VM runs with isolation 'none'",
      "WARN: ignoring cloud_properties of VM 'vm-1' that ask for a tmpfs on /var/vcap/data: " +
        "mounting it needs root and a mount namespace of the VM's own, and the VM runs with isolation 'none'",
      "WARN: ignoring cloud_properties of VM 'vm-1' that ask for an ephemeral disk of 64 MiB on /var/vcap/data: " +
        "mounting it needs root and a mount namespace of the VM's own, and the VM runs with isolation 'mount-ns-userns'",
      "WARN: ignoring cloud_properties of VM 'vm-1' that ask for a tmpfs on /var/vcap/data: " +
        "mounting it needs root and a mount namespace of the VM's own, and the VM runs with isolation 'mount-ns-userns'",
    ]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('gives a tmpfs as asked, and nothing for a plain directory', async () => {
    const vm = { cid: 'vm-1', dir, mode: 'netns' as const };
    const fail = (line: string) => {
      throw new Error(line);
    };
    expect(await prepareDataMount({ kind: 'tmpfs', sizeMib: 8 }, vm, fail)).toEqual({
      kind: 'tmpfs',
      sizeMib: 8,
    });
    expect(await prepareDataMount({ kind: 'directory' }, vm, fail)).toBeUndefined();
    expect(ephemeralImage(dir)).toBe(join(dir, '.cpi', 'ephemeral.img'));
  });
});
