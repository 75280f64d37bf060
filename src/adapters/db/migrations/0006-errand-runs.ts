import type { Kysely, Migration } from 'kysely';
import type { DbDialect } from '../connect.js';
import { index, tableWithId } from './table.js';

/**
 * `errand_runs` (BOSH's `Models::ErrandRun`): per deployment and errand, the state hash of the last run that
 * succeeded everywhere (`''` while one runs), which `run-errand --when-changed` compares against.
 */
export function errandRuns(dialect: DbDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await tableWithId(db, dialect, 'errand_runs')
        .addColumn('deployment_id', 'bigint', (c) =>
          c.notNull().references('deployments.id').onDelete('cascade'),
        )
        .addColumn('errand_name', 'text', (c) => c.notNull())
        .addColumn('successful_state_hash', 'text', (c) => c.notNull().defaultTo(''))
        .addUniqueConstraint('errand_runs_deployment_id_errand_name_unique', ['deployment_id', 'errand_name'])
        .execute();
      await index(db, 'errand_runs', ['deployment_id']);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('errand_runs').execute();
    },
  };
}
