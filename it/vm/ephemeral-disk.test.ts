import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalCloud, startInstance, type Vm } from './support.js';

// create_vm's cloud_properties size the VM's /var/vcap/data (as root): `ephemeral_disk: {size}` makes it an ext4
// disk of that size, `tmpfs` a tmpfs whose contents never reach the host's disk. The fixture job runs on both.
const isRoot = process.getuid?.() === 0;

let cloud: LocalCloud;
beforeAll(async () => {
  if (isRoot) cloud = await LocalCloud.create();
});
afterEach(async () => {
  if (isRoot) await cloud.deleteAllVms();
}, 60_000);
afterAll(async () => {
  if (isRoot) await cloud.destroy();
}, 60_000);

/** Runs `sh -c script` in the VM's mount and PID namespaces, as its processes see the files. */
async function inVm(vm: Vm, script: string): Promise<{ ok: boolean; out: string }> {
  const { init_pid } = await vm.processState();
  const args = ['--target', String(init_pid), '--mount', '--pid', '--', 'sh', '-c', script];
  return new Promise((done) => {
    execFile('nsenter', args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      done({ ok: error === null, out: `${stdout}${stderr}` });
    });
  });
}

/** The files (not directories) under `dir`, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => !e.isDirectory()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

describe.skipIf(!isRoot)('the ephemeral disk of a VM', { timeout: 180_000 }, () => {
  it('ephemeral_disk: {size: 64} gives /var/vcap/data 64 MiB and not a byte more', async () => {
    const vm = await cloud.createVm('agent-eph', { ephemeral_disk: { size: 64 } });
    expect((await stat(vm.path('.cpi/ephemeral.img'))).size).toBe(64 * 1024 * 1024);
    await vm.waitForAgent();
    await startInstance(vm);
    const df = await inVm(vm, 'df -k --output=fstype,size /var/vcap/data | tail -1');
    const [type, kib] = df.out.trim().split(/\s+/);
    expect(type).toBe('ext4');
    expect(Number(kib)).toBeLessThanOrEqual(64 * 1024);
    // The job wrote its heartbeat and pre-start output there (on the disk, not in the VM dir on the host).
    expect((await inVm(vm, 'ls /var/vcap/data/web')).out).toContain('pre-start.out');
    expect(await filesUnder(vm.path('data'))).toEqual([]);

    const big = await inVm(vm, 'dd if=/dev/zero of=/var/vcap/data/big bs=1M count=65 2>&1');
    expect(big.ok).toBe(false);
    expect(big.out).toContain('No space left on device');
    expect(await vm.jobState()).toBe('running');
  });

  it('tmpfs: true keeps everything written to /var/vcap/data off the host disk', async () => {
    const vm = await cloud.createVm('agent-tmpfs', { tmpfs: true, ephemeral_disk: { size: 64 } });
    await vm.waitForAgent();
    await startInstance(vm);
    expect(
      (await inVm(vm, 'df -k --output=fstype,size /var/vcap/data | tail -1')).out.trim().split(/\s+/),
    ).toEqual(['tmpfs', String(64 * 1024)]);
    const written = await inVm(vm, 'ls /var/vcap/data/web /var/vcap/data/sys/log/web');
    expect(written.out).toContain('heartbeat');
    expect(written.out).toContain('loop.log');
    // On the host: the VM dir's data has only the empty directories the CPI made, and no disk image.
    expect(await filesUnder(vm.path('data'))).toEqual([]);
    expect(await readdir(vm.path('.cpi'))).not.toContain('ephemeral.img');
    const big = await inVm(vm, 'dd if=/dev/zero of=/var/vcap/data/big bs=1M count=65 2>&1');
    expect(big.out).toContain('No space left on device');
  });
});
