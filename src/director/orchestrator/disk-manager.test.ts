import { describe, expect, it } from 'vitest';
import type { DesiredDisk } from '../../core/planner/desired.js';
import { withJobHarness, type JobHarness } from '../../testing/director-job-harness.js';
import { FakeDisks, notAttached } from '../../testing/fake-disk-cloud.js';
import { RecordingTaskContext } from '../../testing/recording-task-context.js';
import { updatePersistentDisk } from './disk-manager.js';
import { attachInstanceDisks, detachInstanceDisks, type DiskTarget } from './disk-manager-steps.js';

let h: JobHarness;
withJobHarness((opened) => (h = opened));

/** Instance `web/uuid-0` of `demo` with VM `vm-0` and, when given, active disk `disk-0` of `size` MiB. */
async function target(fake: FakeDisks, ctx: RecordingTaskContext, disk?: number): Promise<DiskTarget> {
  const d = await h.store.deployments.findOrCreate('demo');
  const set = await h.store.variables.createSet({ deploymentId: d.id, createdAt: 1 });
  const instance = await h.store.instances.create({
    deploymentId: d.id,
    job: 'web',
    index: 0,
    uuid: 'uuid-0',
    state: 'started',
    variableSetId: set.id,
    availabilityZone: 'z1',
  });
  if (disk !== undefined) {
    await h.store.disks.create({ instanceId: instance.id, diskCid: 'disk-0', size: disk, active: true });
    fake.mounted.push('disk-0');
  }
  return {
    store: h.store,
    cpi: fake.cpi,
    ctx,
    deployment: 'demo',
    instanceId: instance.id,
    name: 'web/uuid-0',
    label: 'web/uuid-0 (0)',
    vm: { cid: 'vm-0', agent: fake.agent },
  };
}

const disk = (size: number, cloud: Record<string, string> = {}): DesiredDisk => ({
  name: '',
  size,
  cloudProperties: new Map(Object.entries(cloud)),
});

async function disks(t: DiskTarget): Promise<string[]> {
  return (await h.store.disks.list(t.instanceId)).map((d) => `${d.diskCid}${d.active ? ' (active)' : ''}`);
}

const orphaned = async () => (await h.store.disks.orphaned()).map((d) => `${d.diskCid} ${d.instanceName}`);

describe('updatePersistentDisk', () => {
  it('creates, attaches (with the hint) and mounts the disk of an instance that has none', async () => {
    const fake = new FakeDisks();
    const ctx = new RecordingTaskContext();
    const t = await target(fake, ctx);
    await updatePersistentDisk(t, { desired: [disk(1024, { type: 'ssd' })], recreate: false });
    expect(fake.calls).toEqual([
      'cpi create_disk 1024 {"type":"ssd"} "vm-0"',
      'cpi attach_disk "vm-0" "disk-new-1"',
      'agent add_persistent_disk disk-new-1 "/disks/disk-new-1"',
      'agent mount_disk disk-new-1',
    ]);
    expect(await disks(t)).toEqual(['disk-new-1 (active)']);
    expect((await h.store.disks.list(t.instanceId))[0]).toMatchObject({
      size: 1024,
      cloudProperties: { type: 'ssd' },
    });
    expect(ctx.locks.map((l) => `${l.name} ${String(l.timeout)}`)).toEqual(['lock:vm:vm-0 10']);
    const events = await h.store.events.list({});
    expect(
      events.map((e) => `${e.action} ${e.objectType} ${e.objectName ?? '-'} ${e.instance ?? '-'}`),
    ).toEqual(expect.arrayContaining(['create disk - web/uuid-0', 'create disk disk-new-1 web/uuid-0']));
  });

  it('touches nothing but list_disk when the disk is unchanged', async () => {
    const fake = new FakeDisks();
    const t = await target(fake, new RecordingTaskContext(), 1024);
    await updatePersistentDisk(t, { desired: [disk(1024)], recreate: false });
    expect(fake.calls).toEqual(['agent list_disk']);
    expect(await disks(t)).toEqual(['disk-0 (active)']);
  });

  it('migrates the data to a disk of the new size, then detaches and orphans the old disk', async () => {
    const fake = new FakeDisks();
    const t = await target(fake, new RecordingTaskContext(), 1024);
    await updatePersistentDisk(t, { desired: [disk(2048)], recreate: false });
    expect(fake.calls).toEqual([
      'agent list_disk',
      'cpi create_disk 2048 {} "vm-0"',
      'cpi attach_disk "vm-0" "disk-new-1"',
      'agent add_persistent_disk disk-new-1 "/disks/disk-new-1"',
      'agent mount_disk disk-new-1',
      'agent migrate_disk disk-0 disk-new-1',
      'agent list_disk',
      'agent remove_persistent_disk disk-0',
      'cpi detach_disk "vm-0" "disk-0"',
    ]);
    expect(await disks(t)).toEqual(['disk-new-1 (active)']);
    expect(await orphaned()).toEqual(['disk-0 web/uuid-0']);
  });

  it('replaces an unchanged disk with --recreate-persistent-disks, copying its data', async () => {
    const fake = new FakeDisks();
    const t = await target(fake, new RecordingTaskContext(), 1024);
    await updatePersistentDisk(t, { desired: [disk(1024)], recreate: true });
    expect(fake.calls).toContain('agent migrate_disk disk-0 disk-new-1');
    expect(await disks(t)).toEqual(['disk-new-1 (active)']);
    expect(await orphaned()).toEqual(['disk-0 web/uuid-0']);
  });

  it('unmounts, detaches and orphans the disk the manifest no longer has', async () => {
    const fake = new FakeDisks();
    const t = await target(fake, new RecordingTaskContext(), 1024);
    await updatePersistentDisk(t, { desired: [], recreate: false });
    expect(fake.calls).toEqual([
      'agent list_disk',
      'agent list_disk',
      'agent unmount_disk disk-0',
      'agent remove_persistent_disk disk-0',
      'cpi detach_disk "vm-0" "disk-0"',
    ]);
    expect(await disks(t)).toEqual([]);
    expect(await orphaned()).toEqual(['disk-0 web/uuid-0']);
  });

  it('keeps the old disk when the migration fails: the new disk is detached and orphaned', async () => {
    const fake = new FakeDisks();
    fake.failing.set('agent migrate_disk disk-0 disk-new-1', new Error('cp: no space left on device'));
    const t = await target(fake, new RecordingTaskContext(), 1024);
    await expect(updatePersistentDisk(t, { desired: [disk(512)], recreate: false })).rejects.toThrow(
      'no space left',
    );
    expect(fake.calls.slice(-4)).toEqual([
      'agent list_disk',
      'agent unmount_disk disk-new-1',
      'agent remove_persistent_disk disk-new-1',
      'cpi detach_disk "vm-0" "disk-new-1"',
    ]);
    expect(await disks(t)).toEqual(['disk-0 (active)']);
    expect(await orphaned()).toEqual(['disk-new-1 web/uuid-0']);
  });

  it('attaches the disk again when the agent mounts none, and fails when it mounts another', async () => {
    const fake = new FakeDisks();
    const t = await target(fake, new RecordingTaskContext(), 1024);
    fake.mounted = [];
    await updatePersistentDisk(t, { desired: [disk(1024)], recreate: false });
    expect(fake.calls).toEqual([
      'agent list_disk',
      'cpi attach_disk "vm-0" "disk-0"',
      'agent add_persistent_disk disk-0 "/disks/disk-0"',
      'agent mount_disk disk-0',
    ]);
    fake.mounted = ['disk-9'];
    await expect(updatePersistentDisk(t, { desired: [disk(1024)], recreate: false })).rejects.toMatchObject({
      kind: 'AgentDiskOutOfSync',
      message:
        "'web/uuid-0 (0)' has invalid disks: agent reports 'disk-9' while director record shows 'disk-0'",
    });
  });
});

describe('detachInstanceDisks and attachInstanceDisks', () => {
  it('moves the active disk off a VM and onto another; a missing active disk is an error', async () => {
    const fake = new FakeDisks();
    const t = await target(fake, new RecordingTaskContext(), 1024);
    await detachInstanceDisks(t);
    expect(fake.calls).toEqual([
      'agent list_disk',
      'agent unmount_disk disk-0',
      'agent remove_persistent_disk disk-0',
      'cpi detach_disk "vm-0" "disk-0"',
    ]);
    fake.calls.length = 0;
    await attachInstanceDisks({ ...t, vm: { cid: 'vm-1', agent: fake.agent } });
    expect(fake.calls).toEqual([
      'cpi attach_disk "vm-1" "disk-0"',
      'agent add_persistent_disk disk-0 "/disks/disk-0"',
      'agent mount_disk disk-0',
    ]);
    fake.failing.set('cpi detach_disk "vm-0" "disk-0"', notAttached('disk-0'));
    await expect(detachInstanceDisks(t)).rejects.toMatchObject({
      kind: 'CloudDiskNotAttached',
      message:
        "'web/uuid-0 (0)' VM should have persistent disk 'disk-0' attached but it doesn't (according to CPI)",
    });
  });
});
