import type { Kysely, Migration } from 'kysely';
import type { DbDialect } from '../connect.js';
import { tableWithId } from './table.js';

/**
 * What each deployment provides to links (BOSH's `link_providers` and `link_provider_intents`, flattened: only the
 * last successful deploy's intents are kept). They go with their deployment (on delete cascade).
 */
export function linkProviders(dialect: DbDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await tableWithId(db, dialect, 'link_provider_intents')
        .addColumn('deployment_id', 'bigint', (c) =>
          c.notNull().references('deployments.id').onDelete('cascade'),
        )
        .addColumn('instance_group', 'text', (c) => c.notNull())
        .addColumn('job', 'text', (c) => c.notNull())
        .addColumn('original_name', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('shared', 'boolean', (c) => c.notNull())
        .addColumn('consumable', 'boolean', (c) => c.notNull())
        .addColumn('content', 'text')
        .addUniqueConstraint('link_provider_intents_unique', [
          'deployment_id',
          'instance_group',
          'job',
          'original_name',
        ])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('link_provider_intents').execute();
    },
  };
}
