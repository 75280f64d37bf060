import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NewTask } from '../../ports/director-store.js';
import { Scheduler, type ScheduledJob } from './scheduler.js';

let created: NewTask[];
/** Task types the fake repo reports queued or running (none unless a test says so). */
let unfinished: string[];
let notified: number;
let log: string[];

beforeEach(() => {
  vi.useFakeTimers();
  // 1000 s after a 300 s boundary: the first run is due in 200 s.
  vi.setSystemTime(1_800_000_100 * 1000);
  created = [];
  unfinished = [];
  notified = 0;
  log = [];
});
afterEach(() => {
  vi.useRealTimers();
});

function scheduler(jobs: ScheduledJob[]): Scheduler {
  let id = 0;
  return new Scheduler(
    {
      tasks: {
        create: (task) => {
          created.push(task);
          id += 1;
          return Promise.resolve({ id } as never);
        },
        list: (filter) =>
          Promise.resolve(
            unfinished.filter((type) => filter.types?.includes(type) !== false).map(() => ({}) as never),
          ),
      },
      notify: () => {
        notified += 1;
      },
      now: () => Date.now() / 1000,
      log: (line) => log.push(line),
    },
    jobs,
  );
}

const job = (hasWork: () => boolean, intervalSeconds = 300): ScheduledJob => ({
  type: 'scheduled_orphaned_vm_cleanup',
  description: 'scheduled ScheduledOrphanedVMCleanup',
  intervalSeconds,
  hasWork: () => Promise.resolve(hasWork()),
});

describe('Scheduler', () => {
  it('queues the task as user scheduler on the multiples of the interval, when the job has work', async () => {
    let work = false;
    const s = scheduler([job(() => work)]);
    s.start();
    await vi.advanceTimersByTimeAsync(199_000);
    expect(created).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(created).toEqual([]);
    work = true;
    await vi.advanceTimersByTimeAsync(300_000);
    expect(created).toEqual([
      {
        type: 'scheduled_orphaned_vm_cleanup',
        description: 'scheduled ScheduledOrphanedVMCleanup',
        username: 'scheduler',
        deploymentName: null,
        contextId: '',
        payload: null,
      },
    ]);
    expect(notified).toBe(1);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(created).toHaveLength(3);
    expect(log).toEqual([
      "added scheduled job 'scheduled_orphaned_vm_cleanup' with interval '300s'",
      "enqueueing 'scheduled_orphaned_vm_cleanup': task 1",
      "enqueueing 'scheduled_orphaned_vm_cleanup': task 2",
      "enqueueing 'scheduled_orphaned_vm_cleanup': task 3",
    ]);
    await s.stop();
  });

  it('never fires once stopped, nor with an interval of 0', async () => {
    const stopped = scheduler([job(() => true)]);
    stopped.start();
    await stopped.stop();
    const off = scheduler([job(() => true, 0)]);
    off.start();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(created).toEqual([]);
    expect(log).toEqual(["added scheduled job 'scheduled_orphaned_vm_cleanup' with interval '300s'"]);
  });

  it('queues no task while its last one is still queued or running, and queues again once it ended', async () => {
    unfinished = ['other_type', 'scheduled_orphaned_vm_cleanup'];
    const s = scheduler([job(() => true, 1)]);
    s.start();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(created).toEqual([]);
    unfinished = ['other_type'];
    await vi.advanceTimersByTimeAsync(1_000);
    expect(created.map((t) => t.type)).toEqual(['scheduled_orphaned_vm_cleanup']);
    await s.stop();
  });

  it('logs a failing check and keeps its schedule', async () => {
    let calls = 0;
    const s = scheduler([
      job(() => {
        calls += 1;
        if (calls === 1) throw new Error('db locked');
        return true;
      }),
    ]);
    s.start();
    await vi.advanceTimersByTimeAsync(500_000);
    expect(log.slice(1)).toEqual([
      "scheduled job 'scheduled_orphaned_vm_cleanup' failed: db locked",
      "enqueueing 'scheduled_orphaned_vm_cleanup': task 1",
    ]);
    await s.stop();
  });
});
