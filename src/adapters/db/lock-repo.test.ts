import { expect, it } from 'vitest';
import type { LockRecord, LockRepo } from '../../ports/director-store.js';
import { describeStore } from '../../testing/db-backends.js';

const lock = (uid: string, expiredAt: number, name = 'lock:release:nginx'): LockRecord => ({
  name,
  uid,
  expiredAt,
  taskId: `task-${uid}`,
});

/** `count` acquirers spread over `repos`, all at once; the uids that got the lock. */
async function race(repos: readonly LockRepo[], count: number, now: number): Promise<string[]> {
  const attempts = Array.from({ length: count }, async (_, i) => {
    const repo = repos[i % repos.length];
    if (repo === undefined) throw new Error('no repo');
    const result = await repo.acquire(lock(`uid-${String(i)}`, now + 240.5), now);
    return result.acquired ? [`uid-${String(i)}`] : [];
  });
  return (await Promise.all(attempts)).flat();
}

describeStore('locks', (fx) => {
  it('takes a free lock and reports the holder to the next acquirer', async () => {
    const { locks } = fx().store;
    expect(await locks.acquire(lock('a', 1000.25), 900)).toEqual({ acquired: true });
    expect(await locks.acquire(lock('b', 1100), 950)).toEqual({
      acquired: false,
      holder: lock('a', 1000.25),
    });
    expect(await locks.list(950)).toEqual([lock('a', 1000.25)]);
  });

  it('takes an expired lock over', async () => {
    const { locks } = fx().store;
    await locks.acquire(lock('a', 1000), 900);
    expect((await locks.acquire(lock('b', 1300), 1000)).acquired).toBe(false);
    expect(await locks.acquire(lock('b', 1300), 1000.5)).toEqual({ acquired: true });
    expect(await locks.list(1001)).toEqual([lock('b', 1300)]);
  });

  it('renews and releases only for the uid that holds the lock', async () => {
    const { locks } = fx().store;
    await locks.acquire(lock('a', 1000), 900);
    expect(await locks.renew('lock:release:nginx', 'b', 2000)).toBe(false);
    expect(await locks.renew('lock:release:nginx', 'a', 2000)).toBe(true);
    await locks.release('lock:release:nginx', 'b');
    expect(await locks.list(1500)).toEqual([lock('a', 2000)]);
    await locks.release('lock:release:nginx', 'a');
    expect(await locks.list(1500)).toEqual([]);
    expect(await locks.renew('lock:release:nginx', 'a', 3000)).toBe(false);
  });

  it('lists the live locks by name, deleting the expired ones', async () => {
    const { locks } = fx().store;
    await locks.acquire(lock('a', 1000, 'lock:deployment:zk'), 900);
    await locks.acquire(lock('b', 500, 'lock:deployment:cf'), 400);
    await locks.acquire(lock('c', 2000, 'lock:compile:pkg:ubuntu/1'), 900);
    expect((await locks.list(800)).map((l) => l.name)).toEqual([
      'lock:compile:pkg:ubuntu/1',
      'lock:deployment:zk',
    ]);
    // The expired lock is gone, not just hidden.
    expect(await locks.list(0)).toHaveLength(2);
  });

  it('releases every lock of a task', async () => {
    const { locks } = fx().store;
    await locks.acquire({ name: 'lock:deployment:cf', uid: 'u1', expiredAt: 1000, taskId: '7' }, 1);
    await locks.acquire({ name: 'lock:release:r', uid: 'u2', expiredAt: 1000, taskId: '7' }, 1);
    await locks.acquire({ name: 'lock:release:s', uid: 'u3', expiredAt: 1000, taskId: '8' }, 1);
    await locks.releaseForTask('7');
    expect((await locks.list(2)).map((l) => l.name)).toEqual(['lock:release:s']);
  });

  it('gives a free lock to exactly one of many concurrent acquirers on two connections', async () => {
    const other = await fx().open();
    const winners = await race([fx().store.locks, other.locks], 12, 100);
    expect(winners).toHaveLength(1);
    expect((await fx().store.locks.list(100)).map((l) => l.uid)).toEqual(winners);
  });

  it('gives an expired lock to exactly one of many concurrent acquirers', async () => {
    const other = await fx().open();
    await fx().store.locks.acquire(lock('old', 50), 10);
    const winners = await race([fx().store.locks, other.locks], 12, 100);
    expect(winners).toHaveLength(1);
    expect((await other.locks.list(100)).map((l) => l.uid)).toEqual(winners);
  });
});
