export { openDirectorStore, directorStoreOver } from './director-store.js';
export {
  connectDirectorDb,
  type DbDialect,
  type DirectorDb,
  type DirectorDbConfig,
  type PostgresDbConfig,
  type SqliteDbConfig,
} from './connect.js';
export { migrateToLatest } from './migrations/index.js';
export { ReleaseVersionExistsError } from './release-create.js';
export { InstanceHasDisksError } from './instance-repo.js';
export { IpAlreadyReservedError } from './ip-repo.js';
export type { Database } from './schema.js';
