import type { Kysely, Migration } from 'kysely';
import type { DbDialect } from '../connect.js';
import { index, tableWithId } from './table.js';

/** director_attributes, tasks (job arguments in payload_json; task output lives in files), locks, events, configs. */
export function tasksLocksEventsConfigs(dialect: DbDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await tableWithId(db, dialect, 'director_attributes')
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('value', 'text')
        .execute();

      await tableWithId(db, dialect, 'tasks')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('timestamp', 'bigint')
        .addColumn('started_at', 'bigint')
        .addColumn('checkpoint_time', 'bigint')
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('deployment_name', 'text')
        .addColumn('result', 'text')
        .addColumn('context_id', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('payload_json', 'text', (c) => c.notNull().defaultTo('null'))
        .execute();
      await index(db, 'tasks', ['state']);
      await index(db, 'tasks', ['deployment_name']);

      await tableWithId(db, dialect, 'locks')
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('uid', 'text', (c) => c.notNull())
        .addColumn('expired_at', 'double precision', (c) => c.notNull())
        .addColumn('task_id', 'text', (c) => c.notNull().defaultTo(''))
        .execute();

      await tableWithId(db, dialect, 'events')
        .addColumn('parent_id', 'bigint')
        .addColumn('user', 'text', (c) => c.notNull())
        .addColumn('timestamp', 'bigint', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('object_type', 'text', (c) => c.notNull())
        .addColumn('object_name', 'text')
        .addColumn('error', 'text')
        .addColumn('task', 'text')
        .addColumn('deployment', 'text')
        .addColumn('instance', 'text')
        .addColumn('context_json', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      await index(db, 'events', ['timestamp']);

      await tableWithId(db, dialect, 'configs')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('team_id', 'bigint')
        .execute();
      await index(db, 'configs', ['type', 'name']);
    },
  };
}
