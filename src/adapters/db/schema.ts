/**
 * The director's tables as kysely sees them (names and columns as bosh-director's Sequel schema where BOSH has
 * them). One type for both dialects: ids and Unix-second times are numbers (PostgreSQL's int8 is parsed as a
 * number), booleans are written as 0/1 and read back as 0/1 (SQLite) or true/false (PostgreSQL), JSON is text.
 * The tables of migration 0003 (instances, vms, disks, IPs, variables...) are in schema-deploy.ts.
 */
import type { ColumnType, Generated } from 'kysely';
import type { DeployTables } from './schema-deploy.js';
import type { LinkTables } from './schema-links.js';

/** Written as 0/1 (both dialects accept it), read as a number (SQLite) or a boolean (PostgreSQL). */
export type DbBool = ColumnType<number | boolean, number, number>;
/** A boolean column with a default. */
export type DbBoolDefault = ColumnType<number | boolean, number | undefined, number>;

export interface DirectorAttributesTable {
  id: Generated<number>;
  name: string;
  value: string | null;
}

export interface ErrandRunsTable {
  id: Generated<number>;
  deployment_id: number;
  errand_name: string;
  successful_state_hash: ColumnType<string, string | undefined, string>;
}

export interface TasksTable {
  id: Generated<number>;
  state: string;
  type: string;
  description: string;
  timestamp: number | null;
  started_at: number | null;
  checkpoint_time: number | null;
  username: string;
  deployment_name: string | null;
  result: string | null;
  context_id: string;
  payload_json: string;
}

export interface LocksTable {
  id: Generated<number>;
  name: string;
  uid: string;
  /** Unix seconds with fraction. */
  expired_at: number;
  task_id: string;
}

export interface EventsTable {
  id: Generated<number>;
  parent_id: number | null;
  user: string;
  timestamp: number;
  action: string;
  object_type: string;
  object_name: string | null;
  error: string | null;
  task: string | null;
  deployment: string | null;
  instance: string | null;
  context_json: string;
}

export interface ConfigsTable {
  id: Generated<number>;
  type: string;
  name: string;
  content: string;
  created_at: number;
  deleted: DbBoolDefault;
  team_id: number | null;
}

export interface ReleasesTable {
  id: Generated<number>;
  name: string;
}

export interface ReleaseVersionsTable {
  id: Generated<number>;
  release_id: number;
  version: string;
  commit_hash: string;
  uncommitted_changes: DbBool;
  update_completed: DbBool;
}

export interface PackagesTable {
  id: Generated<number>;
  release_id: number;
  name: string;
  version: string;
  blobstore_id: string | null;
  sha1: string | null;
  dependency_set_json: string;
  fingerprint: string;
}

/** BOSH's name for jobs. */
export interface TemplatesTable {
  id: Generated<number>;
  release_id: number;
  name: string;
  version: string;
  blobstore_id: string;
  sha1: string;
  package_names_json: string;
  fingerprint: string;
  spec_json: string;
}

export interface CompiledPackagesTable {
  id: Generated<number>;
  package_id: number;
  stemcell_os: string;
  stemcell_version: string;
  build: number;
  dependency_key: string;
  dependency_key_sha1: string;
  blobstore_id: string;
  sha1: string;
}

export interface PackagesReleaseVersionsTable {
  package_id: number;
  release_version_id: number;
}

export interface ReleaseVersionsTemplatesTable {
  release_version_id: number;
  template_id: number;
}

export interface StemcellsTable {
  id: Generated<number>;
  name: string;
  version: string;
  cid: string;
  sha1: string;
  operating_system: string;
  cpi: string;
  api_version: number | null;
}

export interface DeploymentsTable {
  id: Generated<number>;
  name: string;
  manifest_text: string;
  /** Migration 0003. */
  links_serial_id: ColumnType<number, number | undefined, number>;
  has_stale_errand_links: DbBoolDefault;
}

export interface DeploymentsReleaseVersionsTable {
  deployment_id: number;
  release_version_id: number;
}

export interface DeploymentsStemcellsTable {
  deployment_id: number;
  stemcell_id: number;
}

/** Migration 0004: the built-in config server's values. */
export interface ConfigServerValuesTable {
  id: Generated<number>;
  name: string;
  type: string;
  ciphertext: string;
  generation_digest: string;
  created_at: number;
}

export interface Database extends DeployTables, LinkTables {
  director_attributes: DirectorAttributesTable;
  tasks: TasksTable;
  locks: LocksTable;
  events: EventsTable;
  configs: ConfigsTable;
  releases: ReleasesTable;
  release_versions: ReleaseVersionsTable;
  packages: PackagesTable;
  templates: TemplatesTable;
  compiled_packages: CompiledPackagesTable;
  packages_release_versions: PackagesReleaseVersionsTable;
  release_versions_templates: ReleaseVersionsTemplatesTable;
  stemcells: StemcellsTable;
  deployments: DeploymentsTable;
  deployments_release_versions: DeploymentsReleaseVersionsTable;
  deployments_stemcells: DeploymentsStemcellsTable;
  config_server_values: ConfigServerValuesTable;
  errand_runs: ErrandRunsTable;
}
