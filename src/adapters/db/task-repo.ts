import type { Kysely, Selectable } from 'kysely';
import type { NewTask, TaskFilter, TaskRecord, TaskRepo, TaskState } from '../../ports/director-store.js';
import type { DbDialect } from './connect.js';
import { changed, jsonText, jsonValue, wholeSeconds } from './rows.js';
import type { Database, TasksTable } from './schema.js';

const STATES: readonly TaskState[] = [
  'queued',
  'processing',
  'cancelling',
  'cancelled',
  'done',
  'error',
  'timeout',
];

function taskState(value: string): TaskState {
  const state = STATES.find((s) => s === value);
  if (state === undefined) throw new Error(`Unknown task state '${value}' in the tasks table`);
  return state;
}

function toRecord(row: Selectable<TasksTable>): TaskRecord {
  return {
    id: row.id,
    state: taskState(row.state),
    type: row.type,
    description: row.description,
    timestamp: row.timestamp,
    startedAt: row.started_at,
    checkpointTime: row.checkpoint_time,
    username: row.username,
    deploymentName: row.deployment_name,
    result: row.result,
    contextId: row.context_id,
    payload: jsonValue(row.payload_json, 'tasks.payload_json'),
  };
}

export class KyselyTaskRepo implements TaskRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DbDialect,
  ) {}

  async create(task: NewTask): Promise<TaskRecord> {
    const row = await this.db
      .insertInto('tasks')
      .values({
        state: 'queued',
        type: task.type,
        description: task.description,
        username: task.username,
        deployment_name: task.deploymentName,
        context_id: task.contextId,
        payload_json: jsonText(task.payload),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async get(id: number): Promise<TaskRecord | undefined> {
    const row = await this.db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async list(filter: TaskFilter): Promise<TaskRecord[]> {
    // An empty list of states or types matches nothing (and `IN ()` is not SQL).
    if (filter.states?.length === 0 || filter.types?.length === 0) return [];
    let query = this.db.selectFrom('tasks').selectAll().orderBy('id', 'desc');
    if (filter.states !== undefined) query = query.where('state', 'in', [...filter.states]);
    if (filter.types !== undefined) query = query.where('type', 'in', [...filter.types]);
    if (filter.deployment !== undefined) query = query.where('deployment_name', '=', filter.deployment);
    if (filter.contextId !== undefined) query = query.where('context_id', '=', filter.contextId);
    if (filter.limit !== undefined) query = query.limit(filter.limit);
    return (await query.execute()).map(toRecord);
  }

  /**
   * One statement: `UPDATE tasks ... WHERE id = (SELECT the oldest claimable) ... RETURNING *`. SQLite runs it
   * under the database write lock; PostgreSQL locks the chosen row with `FOR UPDATE SKIP LOCKED`, so concurrent
   * claimers take the next task instead of waiting for this one. A cancelling task that never started keeps its
   * state (the worker then ends it as cancelled) and gets started_at, so it is claimed once.
   */
  async claimNext(now: number): Promise<TaskRecord | undefined> {
    const at = wholeSeconds(now);
    let next = this.db
      .selectFrom('tasks')
      .select('id')
      .where((eb) =>
        eb.or([
          eb('state', '=', 'queued'),
          eb.and([eb('state', '=', 'cancelling'), eb('started_at', 'is', null)]),
        ]),
      )
      .orderBy('id')
      .limit(1);
    if (this.dialect === 'postgres') next = next.forUpdate().skipLocked();
    const row = await this.db
      .updateTable('tasks')
      .set((eb) => ({
        state: eb.case().when('state', '=', 'queued').then('processing').else(eb.ref('state')).end(),
        started_at: at,
        checkpoint_time: at,
      }))
      .where('id', '=', next)
      .where((eb) =>
        eb.or([
          eb('state', '=', 'queued'),
          eb.and([eb('state', '=', 'cancelling'), eb('started_at', 'is', null)]),
        ]),
      )
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async checkpoint(id: number, now: number): Promise<void> {
    await this.db
      .updateTable('tasks')
      .set({ checkpoint_time: wholeSeconds(now) })
      .where('id', '=', id)
      .execute();
  }

  async finish(
    id: number,
    state: 'done' | 'error' | 'cancelled' | 'timeout',
    result: string,
    now: number,
  ): Promise<void> {
    await this.db
      .updateTable('tasks')
      .set({ state, result, timestamp: wholeSeconds(now) })
      .where('id', '=', id)
      .execute();
  }

  async requestCancel(id: number): Promise<boolean> {
    const result = await this.db
      .updateTable('tasks')
      .set({ state: 'cancelling' })
      .where('id', '=', id)
      .where('state', 'in', ['queued', 'processing'])
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async unfinished(): Promise<TaskRecord[]> {
    const rows = await this.db
      .selectFrom('tasks')
      .selectAll()
      .where('state', 'in', ['processing', 'cancelling'])
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }
}
