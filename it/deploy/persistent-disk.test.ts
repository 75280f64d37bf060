import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpiCalls } from './query-support.js';
import { cpiDir, sharedDeployEnv } from './support.js';
import { writeWebManifest } from './web-release.js';

// Persistent disks through real deploys: the local CPI keeps a disk as a directory outside every VM, the agent
// bind-mounts it on the VM's /var/vcap/store (in the VM's own mount namespace), so the tests write and read the
// data through the disk's directory on the host, and see which disk a VM mounted in its agent's record.
const env = sharedDeployEnv('it-disk-');

const diskData = (cid: string) => cpiDir(env, 'disks', cid, 'data');

interface DiskState {
  readonly cid: string;
  readonly size: number;
  readonly attachedTo: string | null;
}

/** Every disk the CPI has (orphaned ones included: BOSH never deletes them on a deploy). */
async function cpiDisks(): Promise<DiskState[]> {
  const out: DiskState[] = [];
  for (const cid of await readdir(cpiDir(env, 'disks'))) {
    if (cid.startsWith('.')) continue;
    const meta = JSON.parse(await readFile(cpiDir(env, 'disks', cid, 'disk.json'), 'utf8')) as {
      size: number;
      attached_to: string | null;
    };
    out.push({ cid, size: meta.size, attachedTo: meta.attached_to });
  }
  return out;
}

/** The one VM the deployment has, and the disk its agent mounted on /var/vcap/store. */
async function theVm(): Promise<{ cid: string; mounted: string | undefined }> {
  const vms = (await readdir(cpiDir(env, 'vms'))).filter((v) => !v.startsWith('.'));
  expect(vms).toHaveLength(1);
  const cid = vms[0] ?? '';
  const record = cpiDir(env, 'vms', cid, 'bosh', 'managed_disk_settings.json');
  return { cid, mounted: existsSync(record) ? (await readFile(record, 'utf8')).trim() : undefined };
}

async function attachedDisk(): Promise<DiskState> {
  const attached = (await cpiDisks()).filter((d) => d.attachedTo !== null);
  expect(attached).toHaveLength(1);
  return attached[0] as DiskState;
}

async function deploy(group: Record<string, unknown>, flags: readonly string[] = []): Promise<string> {
  const manifest = await writeWebManifest(env.dir, 'demo', { instances: 1, watch: '1000-30000', group });
  const run = await env.bosh(['-d', 'demo', 'deploy', manifest, ...flags]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
}

async function orphanedCids(): Promise<string> {
  const run = await env.bosh(['disks', '--orphaned']);
  expect(run.code).toBe(0);
  return run.stdout;
}

describe('persistent disks in bosh deploy', { timeout: 600_000 }, () => {
  let first = '';

  it('creates, attaches and mounts the disk of a new instance; the apply spec has its size', async () => {
    await deploy({ persistent_disk: 1024 });
    const disk = await attachedDisk();
    const vm = await theVm();
    expect(disk).toMatchObject({ size: 1024, attachedTo: vm.cid });
    expect(vm.mounted).toBe(disk.cid);
    first = disk.cid;
    await writeFile(join(diskData(first), 'precious.txt'), 'keep me\n');
    const spec = JSON.parse(await readFile(cpiDir(env, 'vms', vm.cid, 'bosh', 'spec.json'), 'utf8')) as {
      persistent_disk?: unknown;
    };
    expect(spec.persistent_disk).toBe(1024);
    const details = await env.bosh(['-d', 'demo', 'instances', '--details']);
    expect(details.stdout).toContain(first);
  });

  it('moves the disk to the new VM on --recreate, its data intact', async () => {
    const before = await theVm();
    const out = await deploy({ persistent_disk: 1024 }, ['--recreate']);
    expect(out).toContain('Updating instance');
    const after = await theVm();
    expect(after.cid).not.toBe(before.cid);
    expect(await attachedDisk()).toMatchObject({ cid: first, attachedTo: after.cid });
    expect(after.mounted).toBe(first);
    // The disk leaves the old VM before it is deleted; the new VM is created near it, then gets it.
    const calls = (await cpiCalls(env, out)).filter((c) => /^(\w+_disk|\w+_vm) /.test(c));
    expect(calls.map((c) => c.split(' ')[0])).toEqual([
      'detach_disk',
      'delete_vm',
      'create_vm',
      'attach_disk',
    ]);
    expect(calls[2]).toContain(`["${first}"]`);
    expect(await readFile(join(diskData(first), 'precious.txt'), 'utf8')).toBe('keep me\n');
    expect(await orphanedCids()).not.toContain(first);
  });

  it('migrates the data to a disk of the new size and orphans the old disk', async () => {
    await deploy({ persistent_disk: 2048 });
    const disk = await attachedDisk();
    expect(disk.cid).not.toBe(first);
    expect(disk.size).toBe(2048);
    expect((await theVm()).mounted).toBe(disk.cid);
    expect(await readFile(join(diskData(disk.cid), 'precious.txt'), 'utf8')).toBe('keep me\n');
    // Orphaned, not deleted: the old disk keeps its data.
    expect(await readFile(join(diskData(first), 'precious.txt'), 'utf8')).toBe('keep me\n');
    expect(await orphanedCids()).toMatch(new RegExp(`${first}\\s+1\\.0 GiB\\s+demo\\s+web/[0-9a-f-]+\\s+z1`));
  });

  it('replaces the unchanged disk with --recreate-persistent-disks, copying its data', async () => {
    const before = await attachedDisk();
    await deploy({ persistent_disk: 2048 }, ['--recreate-persistent-disks']);
    const disk = await attachedDisk();
    expect(disk.cid).not.toBe(before.cid);
    expect(await readFile(join(diskData(disk.cid), 'precious.txt'), 'utf8')).toBe('keep me\n');
    expect(await orphanedCids()).toContain(before.cid);
  });

  it('orphans the disk when the manifest no longer has one', async () => {
    const before = await attachedDisk();
    await deploy({});
    expect((await cpiDisks()).filter((d) => d.attachedTo !== null)).toEqual([]);
    expect((await theVm()).mounted).toBeUndefined();
    const orphans = await orphanedCids();
    expect(orphans).toContain(before.cid);
    expect(orphans).toContain(first);
    // Nothing changes on the next deploy.
    expect(await deploy({})).not.toContain('Updating instance');
  });
});
