import { spawnSync } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  bundleCpi,
  destroyHarness,
  makeHarness,
  readJsonFile,
  removeBundle,
  vmProcesses,
  waitFor,
  type Harness,
} from './support.js';

// create_vm's cloud_properties `ephemeral_disk: {size}` and `tmpfs`: what the VM's /var/vcap/data becomes, with
// the tiny agent (which writes data/seen-settings.json and data/boots there).
const isRoot = process.getuid?.() === 0;

let bin: string;
const harnesses: Harness[] = [];
beforeAll(async () => {
  bin = await bundleCpi();
});
afterAll(() => removeBundle(bin));
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map(destroyHarness));
});

async function harness(isolation: string): Promise<Harness> {
  const h = await makeHarness(bin, { config: { isolation } });
  harnesses.push(h);
  return h;
}

let nextIp = 20;
const network = () => ({
  default: { type: 'manual', ip: `127.1.0.${String(nextIp++)}`, netmask: '255.0.0.0', default: ['gateway'] },
});

async function createVm(h: Harness, cloudProperties: Record<string, unknown>): Promise<string> {
  const response = await h.call('create_vm', [
    'agent-1',
    await h.stemcell(),
    cloudProperties,
    network(),
    [],
    {},
  ]);
  if (response.error !== null)
    throw new Error(`create_vm: ${JSON.stringify(response.error)}\n${response.log}`);
  return (response.result as [string])[0];
}

async function initPid(h: Harness, cid: string): Promise<number> {
  const state = (await readJsonFile(join(h.vmDir(cid), '.cpi', 'vm.json'))) as {
    process: { init_pid: number };
  };
  return state.process.init_pid;
}

/** Runs `sh -c script` in the mount and PID namespaces of the VM (as its processes see the files). */
async function inVm(
  h: Harness,
  cid: string,
  script: string,
): Promise<{ status: number | null; out: string }> {
  const run = spawnSync('nsenter', ['-t', String(await initPid(h, cid)), '-m', '-p', 'sh', '-c', script], {
    encoding: 'utf8',
  });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

/** Filesystem type and size in KiB of the VM's /var/vcap/data. */
async function dataFs(h: Harness, cid: string): Promise<{ type: string; kib: number }> {
  const { out } = await inVm(h, cid, 'df -k --output=fstype,size /var/vcap/data | tail -1');
  const [type = '', kib = ''] = out.trim().split(/\s+/);
  return { type, kib: Number(kib) };
}

const waitForBoot = (h: Harness, cid: string, boots = 1) =>
  waitFor(`boot ${String(boots)} of the agent`, async () => {
    const { out } = await inVm(h, cid, 'cat /var/vcap/data/boots 2>/dev/null');
    return out.split('\n').filter(Boolean).length === boots;
  });

describe.skipIf(!isRoot)('cloud_properties as root in a mount namespace', () => {
  it('ephemeral_disk.size: /var/vcap/data is an ext4 disk of that size, kept across reboot_vm', async () => {
    const h = await harness('mount-ns');
    const cid = await createVm(h, { ephemeral_disk: { size: 32 }, cpu: 2, unknown: { x: 1 } });
    const image = join(h.vmDir(cid), '.cpi', 'ephemeral.img');
    expect((await stat(image)).size).toBe(32 * 1024 * 1024);
    await waitForBoot(h, cid);
    const fs = await dataFs(h, cid);
    expect(fs.type).toBe('ext4');
    expect(fs.kib).toBeGreaterThan(20 * 1024);
    expect(fs.kib).toBeLessThanOrEqual(32 * 1024);
    // The directories the agent's logs and runs need are there on the new disk.
    expect((await inVm(h, cid, 'cd /var/vcap/data && ls -d sys/log sys/run tmp')).out).toBe(
      'sys/log\nsys/run\ntmp\n',
    );
    const big = await inVm(h, cid, 'dd if=/dev/zero of=/var/vcap/data/big bs=1M count=40 2>&1');
    expect(big.status).not.toBe(0);
    expect(big.out).toContain('No space left on device');
    // What the VM writes there is on its disk, not in the VM dir on the host.
    expect(await readdir(join(h.vmDir(cid), 'data'))).not.toContain('seen-settings.json');

    await inVm(h, cid, 'echo kept > /var/vcap/data/kept');
    await h.ok('reboot_vm', [cid]);
    await waitForBoot(h, cid, 2);
    expect((await inVm(h, cid, 'cat /var/vcap/data/kept')).out).toBe('kept\n');
    await h.ok('delete_vm', [cid]);
    expect(await vmProcesses(cid)).toEqual([]);
    expect(await readdir(join(h.dataDir, 'vms'))).toEqual([]);
  });

  it('tmpfs: /var/vcap/data is a tmpfs, sized by tmpfs.size, else ephemeral_disk.size', async () => {
    const h = await harness('mount-ns');
    const sized = await createVm(h, { tmpfs: { size: 16 }, ephemeral_disk: { size: 64 } });
    const bySize = await createVm(h, { tmpfs: true, ephemeral_disk: { size: 24 } });
    await waitForBoot(h, sized);
    await waitForBoot(h, bySize);
    expect(await dataFs(h, sized)).toEqual({ type: 'tmpfs', kib: 16 * 1024 });
    expect(await dataFs(h, bySize)).toEqual({ type: 'tmpfs', kib: 24 * 1024 });
    expect(await readdir(join(h.vmDir(sized), '.cpi'))).not.toContain('ephemeral.img');
    expect((await inVm(h, sized, 'cd /var/vcap/data && ls -d sys/log sys/run tmp')).out).toBe(
      'sys/log\nsys/run\ntmp\n',
    );
    // A tmpfs does not survive a reboot.
    await inVm(h, sized, 'echo lost > /var/vcap/data/marker');
    await h.ok('reboot_vm', [sized]);
    await waitForBoot(h, sized, 1);
    expect((await inVm(h, sized, 'ls /var/vcap/data')).out.split('\n')).not.toContain('marker');
  });
});

describe('cloud_properties', () => {
  it('are ignored with a warning in the CPI log when the VM has no mount namespace', async () => {
    const h = await harness('none');
    const response = await h.call('create_vm', [
      'agent-1',
      await h.stemcell(),
      { ephemeral_disk: { size: 64 } },
      network(),
      [],
      {},
    ]);
    const [cid] = response.result as [string];
    expect(response.log).toContain(
      `WARN: ignoring cloud_properties of VM '${cid}' that ask for an ephemeral disk of 64 MiB on /var/vcap/data: ` +
        "mounting it needs root and a mount namespace of the VM's own, and the VM runs with isolation 'none'",
    );
    expect(await readdir(join(h.vmDir(cid), '.cpi'))).not.toContain('ephemeral.img');
    await waitFor('the agent to write to data', async () =>
      (await readdir(join(h.vmDir(cid), 'data'))).includes('seen-settings.json'),
    );
  });

  it('with a malformed ephemeral_disk or tmpfs fail create_vm with a CloudError, leaving nothing behind', async () => {
    const h = await harness('none');
    const stemcell = await h.stemcell();
    for (const [properties, message] of [
      [
        { ephemeral_disk: { size: -1 } },
        'cloud_properties.ephemeral_disk.size must be a non-negative Integer (MiB), got: -1',
      ],
      [
        { tmpfs: 'on' },
        'cloud_properties.tmpfs must be true, false or a Hash with a positive Integer size (MiB), got: "on"',
      ],
    ] as const) {
      expect(await h.call('create_vm', ['agent-1', stemcell, properties, network(), [], {}])).toMatchObject({
        result: null,
        error: { type: 'Bosh::Clouds::CloudError', message, ok_to_retry: false },
      });
    }
    expect(await readdir(join(h.dataDir, 'vms'))).toEqual([]);
    expect(await readdir(join(h.dataDir, 'ips'))).toEqual([]);
  });

  it('calculate_vm_cloud_properties answers what create_vm takes', async () => {
    const h = await harness('none');
    const properties = await h.ok('calculate_vm_cloud_properties', [
      { cpu: 1, ram: 512, ephemeral_disk_size: 64 },
    ]);
    expect(properties).toEqual({ cpu: 1, ram: 512, ephemeral_disk: { size: 64 } });
    const response = await h.call('create_vm', [
      'agent-1',
      await h.stemcell(),
      properties,
      network(),
      [],
      {},
    ]);
    expect(response.error).toBeNull();
    expect(response.log).toContain('that ask for an ephemeral disk of 64 MiB on /var/vcap/data');
  });
});
