import { generatePrimeSync } from 'node:crypto';
import { setImmediate as tick } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { PrimeScheduler, RsaKeyPool, defaultPrimeWorkers } from './key-pool.js';

/** Prime searches that only finish when the test says so, answered from a few real primes. */
class FakeWorkers {
  readonly pending: { bits: number; worker: string; resolve: (p: bigint) => void }[] = [];
  private next = 0;
  constructor(private readonly primes: () => bigint[]) {}

  workers(threads: number, mains: number) {
    const source = (worker: string) => (bits: number) =>
      new Promise<bigint>((resolve) => this.pending.push({ bits, worker, resolve }));
    return { thread: source('thread'), threads, main: source('main'), mains };
  }

  /** Finishes the oldest running search. */
  async finishOne(): Promise<void> {
    const job = this.pending.shift();
    if (!job) throw new Error('nothing running');
    const candidates = this.primes().filter((p) => p.toString(2).length === job.bits);
    job.resolve(candidates[this.next++ % candidates.length] ?? 0n);
    await tick();
  }
}

let primes: bigint[] = [];
beforeAll(() => {
  primes = [1024, 1024, 1024, 512, 512].map((bits) => generatePrimeSync(bits, { bigint: true }));
});
const fakeWorkers = () => new FakeWorkers(() => primes);

const ticket = () => ({ urgent: false, cancelled: false });

describe('PrimeScheduler', () => {
  it('runs at most one search per worker slot, urgent ones first, and drops cancelled ones', async () => {
    const fake = fakeWorkers();
    const scheduler = new PrimeScheduler(fake.workers(1, 1));
    const [a, b, c, d] = [ticket(), ticket(), ticket(), ticket()];
    const results = [a, b, c, d].map((t, i) =>
      scheduler.prime(1024 + i, t).then(
        () => 'done',
        (e: unknown) => String(e),
      ),
    );
    expect(fake.pending.map((j) => [j.bits, j.worker])).toEqual([
      [1024, 'thread'],
      [1025, 'main'],
    ]);
    d.urgent = true;
    c.cancelled = true;
    await fake.finishOne();
    expect(fake.pending.map((j) => j.bits)).toEqual([1025, 1027]);
    await fake.finishOne();
    expect(await results[2]).toBe('Error: key generation cancelled');
    await fake.finishOne();
    expect(await Promise.all(results)).toEqual(['done', 'done', 'Error: key generation cancelled', 'done']);
  });

  it('keeps a thread-pool thread free and leaves one core to the main-thread search', () => {
    const workers = defaultPrimeWorkers();
    expect(workers.mains).toBe(1);
    expect(workers.threads).toBeLessThanOrEqual(3);
  });
});

describe('RsaKeyPool', () => {
  it('generates planned keys ahead, at most `lookahead` at a time, and hands them out by size', async () => {
    const fake = fakeWorkers();
    const pool = new RsaKeyPool(new PrimeScheduler(fake.workers(8, 0)), 2);
    pool.expect([2048, 2048, 2048]);
    expect(fake.pending).toHaveLength(4); // two keys of two primes each
    const first = pool.take(2048);
    expect(fake.pending).toHaveLength(6); // the third planned key started
    await fake.finishOne();
    await fake.finishOne();
    await expect(first).resolves.toMatchObject({ bits: 2048 });
  });

  it('generates an unplanned size on demand, before planned keys, and an empty plan cancels the rest', async () => {
    const fake = fakeWorkers();
    const pool = new RsaKeyPool(new PrimeScheduler(fake.workers(2, 0)), 2);
    pool.expect([2048, 2048]);
    expect(fake.pending.map((j) => j.bits)).toEqual([1024, 1024]);
    const urgent = pool.take(1024);
    pool.expect([]);
    await fake.finishOne();
    await fake.finishOne();
    // The second planned key's primes never ran; the urgent key's ran as soon as a slot was free.
    expect(fake.pending.map((j) => j.bits)).toEqual([512, 512]);
    await fake.finishOne();
    await fake.finishOne();
    await expect(urgent).resolves.toMatchObject({ bits: 1024 });
    expect(fake.pending).toEqual([]);
  });

  it('without a plan, keeps one spare key once a size is asked for twice in a row', async () => {
    const fake = fakeWorkers();
    const pool = new RsaKeyPool(new PrimeScheduler(fake.workers(8, 0)), 4);
    void pool.take(2048);
    expect(fake.pending).toHaveLength(2);
    void pool.take(2048);
    expect(fake.pending).toHaveLength(6);
    const spare = pool.take(2048);
    expect(fake.pending).toHaveLength(8);
    for (let i = 0; i < 6; i++) await fake.finishOne();
    await expect(spare).resolves.toMatchObject({ bits: 2048 });
  });
});
