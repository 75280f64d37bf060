import { describe, expect, it } from 'vitest';
import { runPool } from './thread-pool.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('runPool', () => {
  it('keeps at most max pieces of work in flight, starting them in order', async () => {
    let inFlight = 0;
    let peak = 0;
    const started: number[] = [];
    await runPool([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await tick();
      inFlight -= 1;
    });
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });

  it('starts nothing after a failure, lets in-flight work finish, then throws the first error', async () => {
    const finished: number[] = [];
    await expect(
      runPool([1, 2, 3, 4], 2, async (n) => {
        if (n === 1) throw new Error('one failed');
        await tick();
        finished.push(n);
      }),
    ).rejects.toThrow('one failed');
    expect(finished).toEqual([2]);
  });

  it('does nothing for no items', async () => {
    let calls = 0;
    await runPool([], 3, () => {
      calls += 1;
      return Promise.resolve();
    });
    expect(calls).toBe(0);
  });
});
