import { beforeEach, describe, expect, it } from 'vitest';
import { seedOrphans } from '../../../testing/cleanup-fixtures.js';
import { runJob, withJobHarness, type JobHarness } from '../../../testing/director-job-harness.js';
import { FakeDeleteCpi } from '../../../testing/fake-delete-cpi.js';
import { RecordingTaskContext } from '../../../testing/recording-task-context.js';
import { LockTimeoutError } from '../../tasks/lock-service.js';
import { orphanedVmCleanupSchedule, scheduledOrphanedVmCleanupJob } from './scheduled-orphaned-vm-cleanup.js';

let h: JobHarness;
withJobHarness((opened) => (h = opened));

let cloud: FakeDeleteCpi;
beforeEach(() => {
  cloud = new FakeDeleteCpi();
});

/** A context whose lock `busy` is held by another task. */
class BusyLockContext extends RecordingTaskContext {
  constructor(private readonly busy: string) {
    super(4, 'scheduler');
  }

  override withLock<T>(name: string, timeoutSeconds: number, work: () => Promise<T>): Promise<T> {
    if (name !== this.busy) return super.withLock(name, timeoutSeconds, work);
    return Promise.reject(
      new LockTimeoutError(`Failed to acquire lock for ${name} uid: x. Locking task id is 3`),
    );
  }
}

const run = (ctx: RecordingTaskContext) =>
  runJob(scheduledOrphanedVmCleanupJob({ store: h.store, cpi: () => cloud }), ctx, null);

describe('scheduled_orphaned_vm_cleanup', () => {
  it('is due only when there are orphaned VMs, every 5 minutes, as BOSH describes it', async () => {
    const schedule = orphanedVmCleanupSchedule(h.store, 300);
    expect(schedule).toMatchObject({
      type: 'scheduled_orphaned_vm_cleanup',
      description: 'scheduled ScheduledOrphanedVMCleanup',
      intervalSeconds: 300,
    });
    expect(await schedule.hasWork()).toBe(false);
    await seedOrphans(h, { vm: 'vm-a' });
    expect(await schedule.hasWork()).toBe(true);
  });

  it('deletes every orphaned VM without event stages, its result empty', async () => {
    await seedOrphans(h, { vm: 'vm-a', ip: '10.0.0.7' });
    await seedOrphans(h, { vm: 'vm-b' });
    const ctx = new RecordingTaskContext(4, 'scheduler');
    expect(await run(ctx)).toEqual({ result: '' });
    expect(ctx.recorded).toEqual([]);
    expect(cloud.calls.sort()).toEqual(['delete_vm vm-a', 'delete_vm vm-b']);
    expect(await h.store.vms.orphaned()).toEqual([]);
    expect(await h.store.ips.list({})).toEqual([]);
    expect(ctx.locks).toEqual(expect.arrayContaining([{ name: 'lock:orphan_vm_cleanup:vm-a', timeout: 5 }]));
    const events = await h.store.events.list({ objectType: 'vm' });
    expect(events.map((e) => `${e.user} ${e.action} ${e.objectName ?? ''}`).sort()).toEqual([
      'scheduler delete vm-a',
      'scheduler delete vm-a',
      'scheduler delete vm-b',
      'scheduler delete vm-b',
    ]);
  });

  it('leaves a VM another task is deleting for the next run', async () => {
    await seedOrphans(h, { vm: 'vm-a' });
    const ctx = new BusyLockContext('lock:orphan_vm_cleanup:vm-a');
    expect(await run(ctx)).toEqual({ result: '' });
    expect(cloud.calls).toEqual([]);
    expect((await h.store.vms.orphaned()).map((v) => v.cid)).toEqual(['vm-a']);
    expect(ctx.debugLines).toContain('Timed out acquiring lock to delete vm-a');
  });
});
