import { BoshError } from '../../core/errors.js';
import type { EventRepo, LockRepo, TaskRepo } from '../../ports/director-store.js';

export interface LockServiceDeps {
  readonly locks: LockRepo;
  readonly tasks: Pick<TaskRepo, 'get'>;
  readonly events: Pick<EventRepo, 'add'>;
  /** Unix seconds with fraction. */
  readonly now: () => number;
  readonly newUid: () => string;
  readonly sleep: (ms: number) => Promise<void>;
  /** BOSH: 240 s, renewed every half of it. */
  readonly expirationSeconds?: number;
}

/**
 * BOSH's `Lock::TimeoutError`: the lock could not be had in time. A DirectorError (code 100) to the task as any
 * other failure; typed so a caller that rescues failures can tell it apart (the orphaned-VM deleter logs it so).
 */
export class LockTimeoutError extends BoshError {
  constructor(message: string) {
    super('DirectorError', message);
  }
}

export const isLockTimeout = (e: unknown): e is LockTimeoutError => e instanceof LockTimeoutError;

export interface LockHolder {
  readonly taskId: number;
  readonly username: string;
  readonly deploymentName?: string;
}

/**
 * bosh-director's `Lock`: a DB row per lock name, taken when free or expired, renewed while held, released after
 * the work, with `acquire`/`release` events. Waiting is polled every 0.5 s up to the timeout, then the error names
 * the task that holds it.
 */
export class LockService {
  private readonly expiration: number;

  constructor(private readonly deps: LockServiceDeps) {
    this.expiration = deps.expirationSeconds ?? 240;
  }

  async withLock<T>(
    name: string,
    holder: LockHolder,
    timeoutSeconds: number,
    work: () => Promise<T>,
  ): Promise<T> {
    const { deps } = this;
    const uid = deps.newUid();
    const started = deps.now();
    for (;;) {
      const now = deps.now();
      const attempt = await deps.locks.acquire(
        { name, uid, expiredAt: now + this.expiration + 1, taskId: String(holder.taskId) },
        now,
      );
      if (attempt.acquired) break;
      if (deps.now() - started > timeoutSeconds) {
        const task = await deps.tasks.get(Number(attempt.holder.taskId));
        const message =
          task === undefined
            ? 'Lock is gone'
            : `Locking task id is ${attempt.holder.taskId}, description: '${task.description}'`;
        throw new LockTimeoutError(`Failed to acquire lock for ${name} uid: ${uid}. ${message}`);
      }
      await deps.sleep(500);
    }
    await this.event('acquire', name, holder);
    const renewEvery = Math.max(1, this.expiration / 2) * 1000;
    const renewal = setInterval(() => {
      void deps.locks.renew(name, uid, deps.now() + this.expiration + 1).catch(() => false);
    }, renewEvery);
    renewal.unref();
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      await deps.locks.release(name, uid);
      await this.event('release', name, holder);
    }
  }

  private async event(action: 'acquire' | 'release', name: string, holder: LockHolder): Promise<void> {
    await this.deps.events.add({
      parentId: null,
      user: holder.username,
      timestamp: Math.floor(this.deps.now()),
      action,
      objectType: 'lock',
      objectName: name,
      error: null,
      task: String(holder.taskId),
      deployment: holder.deploymentName ?? null,
      instance: null,
      context: {},
    });
  }
}
