import { availableParallelism } from 'node:os';
import { searchPrime } from './prime-search.js';
import { generateRsaKey, opensslPrime, type PrimeSource, type RsaKey } from './rsa-keygen.js';

/**
 * Keys are the slow part of generating a store (a 3072-bit key is two 1536-bit primes, 50-115 ms of CPU each),
 * while values must still be generated one by one in definition order (a certificate needs its CA first). So keys
 * are generated ahead of the values that will use them: the caller announces the key sizes it will ask for
 * (`expect`), the pool keeps a few of them in flight, and `take` hands out the oldest matching one.
 */

/** Shared by the primes of one key: `urgent` once somebody waits for the key, `cancelled` once nobody will. */
export interface Ticket {
  urgent: boolean;
  cancelled: boolean;
}

interface Job {
  readonly bits: number;
  readonly ticket: Ticket;
  readonly resolve: (p: bigint) => void;
  readonly reject: (e: unknown) => void;
}

/** Where primes are searched: OpenSSL on libuv's thread pool, and our own search on the main thread. */
export interface PrimeWorkers {
  readonly thread: PrimeSource;
  readonly threads: number;
  readonly main: PrimeSource;
  readonly mains: number;
}

/**
 * Runs prime searches on the available workers, urgent ones (a key somebody waits for) first. Each thread-pool
 * search occupies a libuv thread for its whole duration; more searches than cores gain nothing, and one thread is
 * kept free for file I/O. The main-thread search uses the remaining core (it yields to the event loop often).
 */
export class PrimeScheduler {
  private busyThreads = 0;
  private busyMains = 0;
  private readonly queue: Job[] = [];

  constructor(private readonly workers: PrimeWorkers = defaultPrimeWorkers()) {}

  prime(bits: number, ticket: Ticket): Promise<bigint> {
    return new Promise((resolve, reject) => {
      this.queue.push({ bits, ticket, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (;;) {
      const onThread = this.busyThreads < this.workers.threads;
      if (!onThread && this.busyMains >= this.workers.mains) return;
      const urgent = this.queue.findIndex((j) => j.ticket.urgent);
      const [job] = this.queue.splice(urgent >= 0 ? urgent : 0, 1);
      if (!job) return;
      if (job.ticket.cancelled) {
        job.reject(new Error('key generation cancelled'));
        continue;
      }
      if (onThread) this.busyThreads++;
      else this.busyMains++;
      (onThread ? this.workers.thread : this.workers.main)(job.bits, () => job.ticket.cancelled)
        .then(job.resolve, job.reject)
        .finally(() => {
          if (onThread) this.busyThreads--;
          else this.busyMains--;
          this.pump();
        })
        .catch(() => undefined);
    }
  }
}

export function defaultPrimeWorkers(): PrimeWorkers {
  const pool = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  const threads = Math.max(0, Math.min(availableParallelism() - 1, pool - 1));
  return { thread: opensslPrime, threads, main: searchPrime, mains: 1 };
}

interface Entry {
  readonly bits: number;
  readonly ticket: Ticket;
  readonly key: Promise<RsaKey>;
}

export class RsaKeyPool {
  private plan: number[] = [];
  private ready: Entry[] = [];
  private lastTaken: number | undefined;
  /** Until a plan is given, a second consecutive request for a size keeps one spare key of it in flight. */
  private speculate = true;

  constructor(
    private readonly scheduler = new PrimeScheduler(),
    private readonly lookahead = 4,
  ) {}

  /** Replaces the plan: the key sizes that `take` will be asked for next, in order. An empty plan also drops keys
   * still waiting for a thread, so an aborted run does not keep the process busy. */
  expect(sizes: readonly number[]): void {
    this.speculate = false;
    this.plan = [...sizes];
    if (sizes.length === 0) {
      for (const entry of this.ready) entry.ticket.cancelled = true;
      this.ready = [];
    }
    this.refill();
  }

  take(bits: number): Promise<RsaKey> {
    const i = this.ready.findIndex((e) => e.bits === bits);
    const [found] = i >= 0 ? this.ready.splice(i, 1) : [];
    if (!found) {
      const j = this.plan.indexOf(bits);
      if (j >= 0) this.plan.splice(j, 1);
    }
    const entry = found ?? this.start(bits);
    entry.ticket.urgent = true;
    if (this.speculate && this.lastTaken === bits && !this.ready.some((e) => e.bits === bits)) {
      this.ready.push(this.start(bits));
    }
    this.lastTaken = bits;
    this.refill();
    return entry.key;
  }

  private start(bits: number): Entry {
    const ticket: Ticket = { urgent: false, cancelled: false };
    const key = generateRsaKey(bits, (b) => this.scheduler.prime(b, ticket));
    key.catch(() => undefined); // a spare that is never taken must not become an unhandled rejection
    return { bits, ticket, key };
  }

  private refill(): void {
    while (this.ready.length < this.lookahead) {
      const bits = this.plan.shift();
      if (bits === undefined) return;
      this.ready.push(this.start(bits));
    }
  }
}
