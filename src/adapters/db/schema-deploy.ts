/** The tables of migration 0003 (deploy state), as kysely sees them; see schema.ts for the conventions. */
import type { ColumnType, Generated } from 'kysely';
import type { DbBoolDefault } from './schema.js';

/** A column with a default (or nullable) that inserts may leave out. */
type Optional<T> = ColumnType<T, T | undefined, T>;

export interface DeploymentsConfigsTable {
  deployment_id: number;
  config_id: number;
}

export interface VariableSetsTable {
  id: Generated<number>;
  deployment_id: number;
  created_at: number;
  deployed_successfully: DbBoolDefault;
  writable: DbBoolDefault;
}

export interface VariablesTable {
  id: Generated<number>;
  variable_set_id: number;
  variable_name: string;
  variable_id: string;
  is_local: DbBoolDefault;
  provider_deployment: Optional<string>;
}

export interface InstancesTable {
  id: Generated<number>;
  deployment_id: number;
  job: string;
  index: number;
  uuid: string;
  state: string;
  availability_zone: string | null;
  cloud_properties: string | null;
  compilation: DbBoolDefault;
  bootstrap: DbBoolDefault;
  spec_json: string | null;
  update_completed: DbBoolDefault;
  ignore: DbBoolDefault;
  variable_set_id: number;
}

export interface VmsTable {
  id: Generated<number>;
  instance_id: number;
  agent_id: string | null;
  cid: string | null;
  active: DbBoolDefault;
  cpi: Optional<string>;
  created_at: number | null;
  network_spec_json: string | null;
  stemcell_name: string | null;
  stemcell_version: string | null;
  stemcell_api_version: number | null;
  env_json: string | null;
  cloud_properties_json: string | null;
}

export interface PersistentDisksTable {
  id: Generated<number>;
  instance_id: number;
  disk_cid: string;
  size: number | null;
  active: DbBoolDefault;
  cloud_properties_json: string | null;
  name: Optional<string>;
  cpi: Optional<string>;
}

export interface OrphanDisksTable {
  id: Generated<number>;
  disk_cid: string;
  size: number | null;
  availability_zone: string | null;
  deployment_name: string;
  instance_name: string;
  cloud_properties_json: string | null;
  /** When it was orphaned (BOSH's name). */
  created_at: number;
  cpi: Optional<string>;
}

export interface OrphanedVmsTable {
  id: Generated<number>;
  cid: string;
  availability_zone: string | null;
  cloud_properties: string | null;
  cpi: string | null;
  orphaned_at: number;
  stemcell_api_version: number | null;
  deployment_name: string | null;
  instance_name: string | null;
}

export interface IpAddressesTable {
  id: Generated<number>;
  network_name: string;
  address_str: string;
  static: DbBoolDefault;
  instance_id: number | null;
  vm_id: number | null;
  orphaned_vm_id: number | null;
  created_at: number | null;
  task_id: string | null;
  nic_group: number | null;
}

export interface RenderedTemplatesArchivesTable {
  id: Generated<number>;
  instance_id: number;
  blobstore_id: string;
  sha1: string;
  content_sha1: string;
  created_at: number;
}

export interface DeployTables {
  deployments_configs: DeploymentsConfigsTable;
  variable_sets: VariableSetsTable;
  variables: VariablesTable;
  instances: InstancesTable;
  vms: VmsTable;
  persistent_disks: PersistentDisksTable;
  orphan_disks: OrphanDisksTable;
  orphaned_vms: OrphanedVmsTable;
  ip_addresses: IpAddressesTable;
  rendered_templates_archives: RenderedTemplatesArchivesTable;
}
