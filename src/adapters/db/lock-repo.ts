import type { Kysely, Selectable } from 'kysely';
import type { LockRecord, LockRepo } from '../../ports/director-store.js';
import { changed } from './rows.js';
import type { Database, LocksTable } from './schema.js';

type AcquireResult = { readonly acquired: true } | { readonly acquired: false; readonly holder: LockRecord };

function toRecord(row: Selectable<LocksTable>): LockRecord {
  return { name: row.name, uid: row.uid, expiredAt: row.expired_at, taskId: row.task_id };
}

/** A lock is expired at `now` when its expired_at is before `now`. */
export class KyselyLockRepo implements LockRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * One statement takes the lock: an insert that, when the name is taken, replaces the row only if it has
   * expired (`ON CONFLICT (name) DO UPDATE ... WHERE locks.expired_at < now`); a row comes back only when this
   * call took it. Concurrent acquirers are serialized by the unique index, so exactly one wins.
   */
  async acquire(lock: LockRecord, now: number): Promise<AcquireResult> {
    // The holder can release between the insert and the read of the holder: then try again.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const taken = await this.db
        .insertInto('locks')
        .values({ name: lock.name, uid: lock.uid, expired_at: lock.expiredAt, task_id: lock.taskId })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet((eb) => ({
              uid: eb.ref('excluded.uid'),
              expired_at: eb.ref('excluded.expired_at'),
              task_id: eb.ref('excluded.task_id'),
            }))
            .where('locks.expired_at', '<', now),
        )
        .returning('uid')
        .executeTakeFirst();
      if (taken !== undefined) return { acquired: true };
      const holder = await this.db
        .selectFrom('locks')
        .selectAll()
        .where('name', '=', lock.name)
        .executeTakeFirst();
      if (holder !== undefined) return { acquired: false, holder: toRecord(holder) };
    }
    throw new Error(`Could not acquire lock ${lock.name}: it keeps being taken and released`);
  }

  async renew(name: string, uid: string, expiredAt: number): Promise<boolean> {
    const result = await this.db
      .updateTable('locks')
      .set({ expired_at: expiredAt })
      .where('name', '=', name)
      .where('uid', '=', uid)
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async release(name: string, uid: string): Promise<void> {
    await this.db.deleteFrom('locks').where('name', '=', name).where('uid', '=', uid).execute();
  }

  async list(now: number): Promise<LockRecord[]> {
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('locks').where('expired_at', '<', now).execute();
      const rows = await trx.selectFrom('locks').selectAll().orderBy('name').execute();
      return rows.map(toRecord);
    });
  }

  async releaseForTask(taskId: string): Promise<void> {
    await this.db.deleteFrom('locks').where('task_id', '=', taskId).execute();
  }
}
