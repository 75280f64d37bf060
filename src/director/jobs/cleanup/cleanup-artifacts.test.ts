import { beforeEach, describe, expect, it } from 'vitest';
import { seedOrphans, seedRelease, seedStemcell } from '../../../testing/cleanup-fixtures.js';
import { runJob, withJobHarness, type JobHarness } from '../../../testing/director-job-harness.js';
import { cpiError, FakeDeleteCpi } from '../../../testing/fake-delete-cpi.js';
import { FakeStemcellCpi } from '../../../testing/fake-stemcell-cpi.js';
import { RecordingTaskContext } from '../../../testing/recording-task-context.js';
import { cleanupArtifactsJob, cleanupDescription, decodeCleanupOptions } from './cleanup-artifacts.js';

let h: JobHarness;
withJobHarness((opened) => (h = opened));

let cloud: FakeDeleteCpi;
let stemcellCpi: FakeStemcellCpi;

// app/1..4 (2 deployed), rt/1..4 (1 in the runtime config), ubuntu/1..4 (1 deployed, 2 with a compiled package),
// orphaned VMs vm-a (with an address) and vm-b, orphaned disk disk-a.
beforeEach(async () => {
  cloud = new FakeDeleteCpi();
  stemcellCpi = new FakeStemcellCpi();
  for (const v of ['1', '2', '3', '4']) await seedRelease(h, 'app', v);
  for (const v of ['1', '2', '3', '4']) await seedRelease(h, 'rt', v, { os: 'ubuntu-jammy', version: '2.1' });
  const stemcells = [];
  for (const v of ['1', '2', '3', '4']) stemcells.push(await seedStemcell(h, 'ubuntu', `${v}.0`));
  await h.addDeployment('cf', { releases: ['app/2'], stemcells: [stemcells[0] ?? 0] });
  await h.store.configs.create({
    type: 'runtime',
    name: 'dns',
    content: 'releases:\n- {name: rt, version: "1"}\n',
    createdAt: 1,
  });
  await seedOrphans(h, { vm: 'vm-a', ip: '10.0.0.5' });
  await seedOrphans(h, { vm: 'vm-b', disk: 'disk-a' });
});

async function cleanUp(config: unknown) {
  const ctx = new RecordingTaskContext(9);
  const job = cleanupArtifactsJob({
    store: h.store,
    blobstore: h.blobstore,
    clouds: [{ name: '', cpi: stemcellCpi }],
    cpi: () => cloud,
  });
  return { ...(await runJob(job, ctx, config)), ctx };
}

// VMs and disks are deleted in parallel: their stage tasks end in any order.
const finished = (ctx: RecordingTaskContext) => {
  const lines = ctx.eventLines.filter((l) => !l.endsWith('started'));
  const vms = lines.filter((l) => l.startsWith('Deleting orphaned vms'));
  return [...vms.sort(), ...lines.filter((l) => !vms.includes(l))];
};
const left = async () => ({
  releases: (await h.store.releases.list()).map(
    (r) => `${r.name}: ${r.versions.map((v) => v.version).join(' ')}`,
  ),
  stemcells: (await h.store.stemcells.list()).map((s) => s.version),
  orphanedVms: (await h.store.vms.orphaned()).map((v) => v.cid),
  orphanedDisks: (await h.store.disks.orphaned()).map((d) => d.diskCid),
});

describe('delete_artifacts (clean up)', () => {
  it('deletes orphaned VMs and the unused releases and stemcells but the newest 2 of each, keeping orphaned disks', async () => {
    const { result, ctx, error } = await cleanUp({ remove_all: false });
    expect(error).toBeUndefined();
    expect(result).toBe(
      'Deleted 2 release(s), 1 stemcell(s), 0 extra compiled package(s), 0 orphaned disk(s), 2 orphaned vm(s), ' +
        '0 exported release(s), Deleted 0 dns blob(s) created before 2023-11-14 21:13:20 +0000',
    );
    expect(finished(ctx)).toEqual([
      'Deleting orphaned vms (1/2) > vm-a: finished',
      'Deleting orphaned vms (2/2) > vm-b: finished',
      'Deleting packages (1/1) > pkg-1/app-1: finished',
      'Deleting releases (1/2) > app/1: finished',
      'Deleting packages (1/1) > pkg-2/rt-2: finished',
      'Deleting releases (2/2) > rt/2: finished',
      'Deleting stemcells (1/1) > ubuntu/2.0: finished',
      'Deleting dns blobs (1/1) > DNS blobs: finished',
    ]);
    expect(await left()).toEqual({
      releases: ['app: 2 3 4', 'rt: 1 3 4'],
      stemcells: ['1.0', '3.0', '4.0'],
      orphanedVms: [],
      orphanedDisks: ['disk-a'],
    });
    expect(cloud.calls.sort()).toEqual(['delete_vm vm-a', 'delete_vm vm-b']);
    expect(stemcellCpi.deleted).toEqual(['sc-ubuntu-2.0']);
    // The orphaned VM's address is free again.
    expect((await h.store.ips.list({})).map((ip) => ip.address)).toEqual([]);
    expect(ctx.locks).toEqual(
      expect.arrayContaining([
        { name: 'lock:orphan_vm_cleanup:vm-a', timeout: 10 },
        { name: 'lock:vm:vm-a', timeout: 10 },
        { name: 'lock:release:app', timeout: 10 },
        { name: 'lock:stemcells:ubuntu:2.0', timeout: 10 },
      ]),
    );
    const events = await h.store.events.list({ objectType: 'vm' });
    const rows = events.map((e) =>
      [e.action, e.objectName, e.deployment, e.instance, e.error, e.task].join(' '),
    );
    expect(rows.sort()).toEqual([
      'delete vm-a demo web/uuid-vm-a  9',
      'delete vm-a demo web/uuid-vm-a  9',
      'delete vm-b demo web/uuid-vm-b  9',
      'delete vm-b demo web/uuid-vm-b  9',
    ]);
    // Each end event has the begin event as its parent.
    const begins = events.filter((e) => e.parentId === null).map((e) => e.id);
    expect(
      events
        .filter((e) => e.parentId !== null)
        .map((e) => e.parentId)
        .sort(),
    ).toEqual(begins.sort());
  });

  it('--all deletes every unused release, stemcell, compiled package and orphaned disk', async () => {
    const blobsBefore = (await h.blobIds()).length;
    const { result, ctx } = await cleanUp({ remove_all: true });
    expect(result).toBe(
      'Deleted 6 release(s), 3 stemcell(s), 1 extra compiled package(s), 1 orphaned disk(s), 2 orphaned vm(s), ' +
        '0 exported release(s), Deleted 0 dns blob(s) created before 2023-11-14 22:13:20 +0000',
    );
    expect(finished(ctx).filter((l) => !l.startsWith('Deleting packages'))).toEqual([
      'Deleting orphaned vms (1/2) > vm-a: finished',
      'Deleting orphaned vms (2/2) > vm-b: finished',
      'Deleting releases (1/6) > app/1: finished',
      'Deleting releases (2/6) > app/3: finished',
      'Deleting releases (3/6) > app/4: finished',
      'Deleting releases (4/6) > rt/2: finished',
      'Deleting releases (5/6) > rt/3: finished',
      'Deleting releases (6/6) > rt/4: finished',
      'Deleting stemcells (1/3) > ubuntu/2.0: finished',
      'Deleting stemcells (2/3) > ubuntu/3.0: finished',
      'Deleting stemcells (3/3) > ubuntu/4.0: finished',
      'Deleting compiled packages (1/1) > pkg-1 for ubuntu-jammy/2.1: finished',
      'Deleting orphaned disks (1/1) > disk-a: finished',
      'Deleting dns blobs (1/1) > DNS blobs: finished',
    ]);
    expect(await left()).toEqual({
      releases: ['app: 2', 'rt: 1'],
      stemcells: ['1.0'],
      orphanedVms: [],
      orphanedDisks: [],
    });
    expect(cloud.calls).toContain('delete_disk disk-a');
    // 6 packages with the compiled packages of rt/2..4, and rt/1's compiled package (no stemcell 2.x is left).
    expect(await h.blobIds()).toHaveLength(blobsBefore - 6 - 3 - 1);
    const disk = await h.store.events.list({ objectType: 'disk' });
    expect(disk.map((e) => [e.action, e.objectName, e.deployment, e.instance])).toEqual([
      ['delete', 'disk-a', 'demo', 'web/uuid-vm-b'],
      ['delete', 'disk-a', 'demo', 'web/uuid-vm-b'],
    ]);
  });

  it('--all --keep-orphaned-disks keeps the orphaned disks', async () => {
    const { result } = await cleanUp({ remove_all: true, keep_orphaned_disks: true });
    expect(result).toContain(', 0 orphaned disk(s), ');
    expect((await left()).orphanedDisks).toEqual(['disk-a']);
  });

  it('forgets a VM the cloud no longer has; one it fails to delete stays orphaned and is not counted', async () => {
    cloud.errors.set('vm-a', cpiError('Bosh::Clouds::VMNotFound', "VM 'vm-a' not found"));
    cloud.errors.set('vm-b', cpiError('Bosh::Clouds::CloudError', 'cloud down'));
    const { result, ctx } = await cleanUp({});
    expect(result).toContain(', 1 orphaned vm(s), ');
    expect(finished(ctx).slice(0, 2)).toEqual([
      'Deleting orphaned vms (1/2) > vm-a: finished',
      'Deleting orphaned vms (2/2) > vm-b: finished',
    ]);
    expect((await left()).orphanedVms).toEqual(['vm-b']);
    expect(ctx.debugLines).toEqual(
      expect.arrayContaining([
        'VM already gone; deleting orphaned references',
        'Failed to delete Orphaned VM due to unhandled exception: cloud down',
      ]),
    );
    const ends = (await h.store.events.list({ objectType: 'vm' })).filter((e) => e.parentId !== null);
    expect(ends.map((e) => `${e.objectName ?? ''}: ${e.error ?? ''}`).sort()).toEqual([
      "vm-a: VM 'vm-a' not found",
      'vm-b: cloud down',
    ]);
  });

  it('forgets a disk the cloud no longer has; fails the task on any other disk error', async () => {
    cloud.errors.set('disk-a', cpiError('Bosh::Clouds::DiskNotFound', "Disk 'disk-a' not found"));
    const gone = await cleanUp({ remove_all: true });
    expect(gone.result).toContain(', 1 orphaned disk(s), ');
    expect(gone.ctx.debugLines).toEqual(
      expect.arrayContaining([
        'Deleting orphan orphan disk: disk-a',
        'Disk not found in IaaS: disk-a',
        'Deleting compiled package: pkg-1 for ubuntu-jammy/2.1',
      ]),
    );
    expect((await left()).orphanedDisks).toEqual([]);
    const ends = (await h.store.events.list({ objectType: 'disk' })).filter((e) => e.parentId !== null);
    expect(ends.map((e) => e.error)).toEqual(["Disk 'disk-a' not found"]);
    await seedOrphans(h, { disk: 'disk-b' });
    cloud.errors.set('disk-b', new Error('disk busy'));
    const { error, ctx } = await cleanUp({ remove_all: true });
    expect(error?.message).toBe('disk busy');
    expect(ctx.eventLines).toContain('Deleting orphaned disks (1/1) > disk-b: failed (disk busy)');
    expect((await left()).orphanedDisks).toEqual(['disk-b']);
  });
});

describe('the clean-up request', () => {
  it('reads the config the CLI sends; anything else cleans up without --all', () => {
    expect(decodeCleanupOptions({ remove_all: true, keep_orphaned_disks: true })).toEqual({
      removeAll: true,
      keepOrphanedDisks: true,
    });
    expect(decodeCleanupOptions(null)).toEqual({ removeAll: false, keepOrphanedDisks: false });
    expect(cleanupDescription({ removeAll: true, keepOrphanedDisks: false })).toBe('clean up all');
    expect(cleanupDescription({ removeAll: false, keepOrphanedDisks: true })).toBe('clean up');
  });
});
