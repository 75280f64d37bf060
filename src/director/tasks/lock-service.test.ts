import { describe, expect, it } from 'vitest';
import type { LockRepo, TaskRecord } from '../../ports/director-store.js';
import { isLockTimeout, LockService } from './lock-service.js';

/** Locks held by task 3 (`create release`) for good; a clock that moves a second per look. */
function busyLocks(): LockService {
  let clock = 0;
  const locks: Pick<LockRepo, 'acquire'> = {
    acquire: (lock) =>
      Promise.resolve({ acquired: false, holder: { ...lock, uid: 'other', taskId: '3' } } as const),
  };
  return new LockService({
    locks: locks as LockRepo,
    tasks: { get: () => Promise.resolve({ description: 'create release' } as TaskRecord) },
    events: { add: () => Promise.reject(new Error('no lock was taken')) },
    now: () => (clock += 1),
    newUid: () => 'uid-1',
    sleep: () => Promise.resolve(),
  });
}

describe('the lock service', () => {
  it('fails with a lock timeout when the lock cannot be had in time: a DirectorError naming the holder', async () => {
    const error: unknown = await busyLocks()
      .withLock('lock:release:app', { taskId: 4, username: 'admin' }, 2, () => Promise.resolve('never'))
      .catch((e: unknown) => e);
    expect(isLockTimeout(error)).toBe(true);
    expect(error).toMatchObject({
      kind: 'DirectorError',
      code: 100,
      message:
        "Failed to acquire lock for lock:release:app uid: uid-1. Locking task id is 3, description: 'create release'",
    });
    expect(isLockTimeout(new Error('Failed to acquire lock for lock:release:app'))).toBe(false);
  });
});
