import { Migrator, type Kysely, type Migration } from 'kysely';
import type { DbDialect } from '../connect.js';
import type { Database } from '../schema.js';
import { tasksLocksEventsConfigs } from './0001-tasks-locks-events-configs.js';
import { releasesStemcellsDeployments } from './0002-releases-stemcells-deployments.js';
import { deployState } from './0003-deploy-state.js';
import { configServerValues } from './0004-config-server-values.js';
import { linkProviders } from './0005-link-providers.js';
import { errandRuns } from './0006-errand-runs.js';

/** Every migration, in order, by name (in code: the director is bundled, there are no migration files to read). */
export function directorMigrations(dialect: DbDialect): Record<string, Migration> {
  return {
    '0001_tasks_locks_events_configs': tasksLocksEventsConfigs(dialect),
    '0002_releases_stemcells_deployments': releasesStemcellsDeployments(dialect),
    '0003_deploy_state': deployState(dialect),
    '0004_config_server_values': configServerValues(dialect),
    '0005_link_providers': linkProviders(dialect),
    '0006_errand_runs': errandRuns(dialect),
  };
}

/**
 * Brings the schema to the latest migration. Safe to run from several processes at once: kysely's Migrator
 * serializes them (PostgreSQL: an advisory lock; SQLite: the write lock of `BEGIN IMMEDIATE`).
 */
export async function migrateToLatest(db: Kysely<Database>, dialect: DbDialect): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(directorMigrations(dialect)) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((r) => r.status === 'Error')?.migrationName;
  const reason = error instanceof Error ? error.message : JSON.stringify(error);
  throw new Error(`Migrating the director database${failed ? ` (${failed})` : ''} failed: ${reason}`, {
    cause: error,
  });
}
