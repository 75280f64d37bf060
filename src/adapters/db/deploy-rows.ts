/** Rows of the deploy-state tables (migration 0003) as the port's records. */
import type { Selectable } from 'kysely';
import type {
  InstanceRecord,
  InstanceState,
  IpAddressRecord,
  OrphanDiskRecord,
  OrphanedVmRecord,
  PersistentDiskRecord,
  RenderedTemplatesArchiveRecord,
  VariableRecord,
  VariableSetRecord,
  VmRecord,
} from '../../ports/director-store.js';
import { fromDbBool, jsonObject, jsonText } from './rows.js';
import type {
  InstancesTable,
  IpAddressesTable,
  OrphanDisksTable,
  OrphanedVmsTable,
  PersistentDisksTable,
  RenderedTemplatesArchivesTable,
  VariableSetsTable,
  VariablesTable,
  VmsTable,
} from './schema-deploy.js';

type JsonObject = Readonly<Record<string, unknown>>;

export const objectOrNull = (text: string | null, column: string): JsonObject | null =>
  text === null ? null : jsonObject(text, column);

/** JSON text of an object column; null stays null, undefined too (for optional inputs). */
export const objectText = (value: JsonObject | null | undefined): string | null =>
  value === null || value === undefined ? null : jsonText(value);

const INSTANCE_STATES: readonly string[] = ['started', 'stopped', 'detached'];

function instanceState(state: string): InstanceState {
  if (!INSTANCE_STATES.includes(state)) throw new Error(`Column instances.state holds '${state}'`);
  return state as InstanceState;
}

export const toInstance = (r: Selectable<InstancesTable>): InstanceRecord => ({
  id: r.id,
  deploymentId: r.deployment_id,
  job: r.job,
  index: r.index,
  uuid: r.uuid,
  state: instanceState(r.state),
  availabilityZone: r.availability_zone,
  cloudProperties: objectOrNull(r.cloud_properties, 'instances.cloud_properties'),
  compilation: fromDbBool(r.compilation),
  bootstrap: fromDbBool(r.bootstrap),
  spec: objectOrNull(r.spec_json, 'instances.spec_json'),
  updateCompleted: fromDbBool(r.update_completed),
  ignore: fromDbBool(r.ignore),
  variableSetId: r.variable_set_id,
});

export const toVm = (r: Selectable<VmsTable>): VmRecord => ({
  id: r.id,
  instanceId: r.instance_id,
  agentId: r.agent_id,
  cid: r.cid,
  active: fromDbBool(r.active),
  cpi: r.cpi,
  createdAt: r.created_at,
  networkSpec: objectOrNull(r.network_spec_json, 'vms.network_spec_json'),
  stemcellName: r.stemcell_name,
  stemcellVersion: r.stemcell_version,
  stemcellApiVersion: r.stemcell_api_version,
  env: objectOrNull(r.env_json, 'vms.env_json'),
  cloudProperties: objectOrNull(r.cloud_properties_json, 'vms.cloud_properties_json'),
});

export const toDisk = (r: Selectable<PersistentDisksTable>): PersistentDiskRecord => ({
  id: r.id,
  instanceId: r.instance_id,
  diskCid: r.disk_cid,
  size: r.size,
  active: fromDbBool(r.active),
  cloudProperties: objectOrNull(r.cloud_properties_json, 'persistent_disks.cloud_properties_json'),
  name: r.name,
  cpi: r.cpi,
});

export const toOrphanDisk = (r: Selectable<OrphanDisksTable>): OrphanDiskRecord => ({
  id: r.id,
  diskCid: r.disk_cid,
  size: r.size,
  availabilityZone: r.availability_zone,
  deploymentName: r.deployment_name,
  instanceName: r.instance_name,
  cloudProperties: objectOrNull(r.cloud_properties_json, 'orphan_disks.cloud_properties_json'),
  orphanedAt: r.created_at,
  cpi: r.cpi,
});

export const toOrphanedVm = (r: Selectable<OrphanedVmsTable>): OrphanedVmRecord => ({
  id: r.id,
  cid: r.cid,
  availabilityZone: r.availability_zone,
  cloudProperties: objectOrNull(r.cloud_properties, 'orphaned_vms.cloud_properties'),
  cpi: r.cpi,
  orphanedAt: r.orphaned_at,
  stemcellApiVersion: r.stemcell_api_version,
  deploymentName: r.deployment_name,
  instanceName: r.instance_name,
});

export const toIp = (r: Selectable<IpAddressesTable>): IpAddressRecord => ({
  id: r.id,
  networkName: r.network_name,
  address: r.address_str,
  static: fromDbBool(r.static),
  instanceId: r.instance_id,
  vmId: r.vm_id,
  orphanedVmId: r.orphaned_vm_id,
  createdAt: r.created_at,
  taskId: r.task_id,
  nicGroup: r.nic_group,
});

export const toArchive = (r: Selectable<RenderedTemplatesArchivesTable>): RenderedTemplatesArchiveRecord => ({
  id: r.id,
  instanceId: r.instance_id,
  blobstoreId: r.blobstore_id,
  sha1: r.sha1,
  contentSha1: r.content_sha1,
  createdAt: r.created_at,
});

export const toVariableSet = (r: Selectable<VariableSetsTable>): VariableSetRecord => ({
  id: r.id,
  deploymentId: r.deployment_id,
  createdAt: r.created_at,
  deployedSuccessfully: fromDbBool(r.deployed_successfully),
  writable: fromDbBool(r.writable),
});

export const toVariable = (r: Selectable<VariablesTable>): VariableRecord => ({
  id: r.id,
  variableSetId: r.variable_set_id,
  variableName: r.variable_name,
  variableId: r.variable_id,
  isLocal: fromDbBool(r.is_local),
  providerDeployment: r.provider_deployment,
});
