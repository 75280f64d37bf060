/** The deploy side of the director store: instances, VMs, disks, variables (IP reservations: director-ip-store.ts). */
import type { DeploymentRecord } from './director-store.js';
import type { IpAddressRecord } from './director-ip-store.js';

export type * from './director-ip-store.js';

export interface DeploymentUpdate {
  readonly manifestText: string;
  readonly linksSerialId?: number;
  readonly releaseVersionIds: readonly number[];
  readonly stemcellIds: readonly number[];
  /** The cloud, runtime (and other) configs the deploy used. */
  readonly configIds: readonly number[];
}

export type InstanceState = 'started' | 'stopped' | 'detached';

export interface InstanceRecord {
  readonly id: number;
  readonly deploymentId: number;
  /** The instance group (BOSH's `job` column). */
  readonly job: string;
  readonly index: number;
  readonly uuid: string;
  readonly state: InstanceState;
  readonly availabilityZone: string | null;
  readonly cloudProperties: Readonly<Record<string, unknown>> | null;
  readonly compilation: boolean;
  readonly bootstrap: boolean;
  /** The last applied spec (what the agent got), null before the first apply. */
  readonly spec: Readonly<Record<string, unknown>> | null;
  readonly updateCompleted: boolean;
  readonly ignore: boolean;
  readonly variableSetId: number;
}

export type NewInstance = Pick<
  InstanceRecord,
  'deploymentId' | 'job' | 'index' | 'uuid' | 'state' | 'variableSetId'
> &
  Partial<
    Pick<InstanceRecord, 'availabilityZone' | 'cloudProperties' | 'compilation' | 'bootstrap' | 'spec'>
  >;

export type InstanceChanges = Partial<
  Pick<
    InstanceRecord,
    | 'job'
    | 'index'
    | 'state'
    | 'availabilityZone'
    | 'cloudProperties'
    | 'bootstrap'
    | 'spec'
    | 'updateCompleted'
    | 'ignore'
    | 'variableSetId'
  >
>;

export interface VmRecord {
  readonly id: number;
  readonly instanceId: number;
  readonly agentId: string | null;
  readonly cid: string | null;
  readonly active: boolean;
  readonly cpi: string;
  readonly createdAt: number | null;
  readonly networkSpec: Readonly<Record<string, unknown>> | null;
  readonly stemcellName: string | null;
  readonly stemcellVersion: string | null;
  readonly stemcellApiVersion: number | null;
  readonly env: Readonly<Record<string, unknown>> | null;
  readonly cloudProperties: Readonly<Record<string, unknown>> | null;
}

export type NewVm = Pick<VmRecord, 'instanceId' | 'agentId' | 'cid'> &
  Partial<Omit<VmRecord, 'id' | 'instanceId' | 'agentId' | 'cid'>>;

export interface PersistentDiskRecord {
  readonly id: number;
  readonly instanceId: number;
  readonly diskCid: string;
  readonly size: number | null;
  readonly active: boolean;
  readonly cloudProperties: Readonly<Record<string, unknown>> | null;
  /** '' for the instance group's unnamed persistent disk. */
  readonly name: string;
  readonly cpi: string;
}

export type NewPersistentDisk = Pick<PersistentDiskRecord, 'instanceId' | 'diskCid' | 'size'> &
  Partial<Pick<PersistentDiskRecord, 'active' | 'cloudProperties' | 'name' | 'cpi'>>;

export interface OrphanDiskRecord {
  readonly id: number;
  readonly diskCid: string;
  readonly size: number | null;
  readonly availabilityZone: string | null;
  readonly deploymentName: string;
  /** `<instance group>/<uuid>`. */
  readonly instanceName: string;
  readonly cloudProperties: Readonly<Record<string, unknown>> | null;
  readonly orphanedAt: number;
  readonly cpi: string;
}

export interface OrphanedVmRecord {
  readonly id: number;
  readonly cid: string;
  readonly availabilityZone: string | null;
  readonly cloudProperties: Readonly<Record<string, unknown>> | null;
  readonly cpi: string | null;
  readonly orphanedAt: number;
  readonly stemcellApiVersion: number | null;
  readonly deploymentName: string | null;
  readonly instanceName: string | null;
}

export interface RenderedTemplatesArchiveRecord {
  readonly id: number;
  readonly instanceId: number;
  readonly blobstoreId: string;
  readonly sha1: string;
  readonly contentSha1: string;
  readonly createdAt: number;
}

export interface VariableSetRecord {
  readonly id: number;
  readonly deploymentId: number;
  readonly createdAt: number;
  readonly deployedSuccessfully: boolean;
  readonly writable: boolean;
}

export interface VariableRecord {
  readonly id: number;
  readonly variableSetId: number;
  readonly variableName: string;
  /** The config server's id of the value. */
  readonly variableId: string;
  readonly isLocal: boolean;
  /** '' for the deployment's own variables; the providing deployment for cross-deployment ones. */
  readonly providerDeployment: string;
}

/** One instance as a planner sees it: its active VM (if any), every VM (hot-swap), disks, IPs, latest templates. */
export interface InstanceSnapshot extends InstanceRecord {
  readonly activeVm: VmRecord | null;
  readonly vms: readonly VmRecord[];
  readonly disks: readonly PersistentDiskRecord[];
  readonly ips: readonly IpAddressRecord[];
  readonly renderedTemplates: RenderedTemplatesArchiveRecord | null;
}

export interface DeploymentState extends DeploymentRecord {
  readonly linksSerialId: number;
  readonly releaseVersionIds: readonly number[];
  readonly stemcellIds: readonly number[];
  readonly configIds: readonly number[];
  /** By instance group, then index. */
  readonly instances: readonly InstanceSnapshot[];
  /** The newest variable set, and the newest one deployed successfully. */
  readonly currentVariableSet: VariableSetRecord | null;
  readonly lastSuccessfulVariableSet: VariableSetRecord | null;
}

export interface InstanceRepo {
  /** Fails when the uuid is taken. */
  create(instance: NewInstance): Promise<InstanceRecord>;
  get(id: number): Promise<InstanceRecord | undefined>;
  /** The deployment's instances by group then index. */
  list(deploymentId: number): Promise<InstanceRecord[]>;
  update(id: number, changes: InstanceChanges): Promise<InstanceRecord>;
  /**
   * Deletes the instance with its VMs, IP reservations and rendered templates records. Refused while it still has
   * persistent disks (orphan or delete them first): a disk must never be forgotten.
   */
  delete(id: number): Promise<void>;
  addRenderedTemplates(
    archive: Omit<RenderedTemplatesArchiveRecord, 'id'>,
  ): Promise<RenderedTemplatesArchiveRecord>;
  /** Deletes the instance's archives but the newest; returns their blobstore ids (to delete from the blobstore). */
  pruneRenderedTemplates(instanceId: number): Promise<string[]>;
}

export interface VmRepo {
  /** An inactive VM unless `active` is given; agent id and cid are unique. */
  create(vm: NewVm): Promise<VmRecord>;
  get(id: number): Promise<VmRecord | undefined>;
  update(
    id: number,
    changes: Partial<Omit<VmRecord, 'id' | 'instanceId' | 'active' | 'agentId'>>,
  ): Promise<VmRecord>;
  /** Makes this VM its instance's only active one (the others become inactive). */
  activate(id: number): Promise<void>;
  /** Deletes the VM record (after the CPI deleted it); its IPs stay reserved by the instance. */
  delete(id: number): Promise<void>;
  /**
   * Moves the VM to orphaned_vms (at `now`), keeping its IPs reserved by the orphaned VM instead of the instance.
   */
  orphan(id: number, now: number): Promise<OrphanedVmRecord>;
  orphaned(): Promise<OrphanedVmRecord[]>;
  /** Forgets an orphaned VM and releases its IPs. */
  deleteOrphaned(id: number): Promise<void>;
}

export interface DiskRepo {
  /** Fails when the disk cid is known. */
  create(disk: NewPersistentDisk): Promise<PersistentDiskRecord>;
  get(id: number): Promise<PersistentDiskRecord | undefined>;
  /** The instance's disks, active or not, oldest first. */
  list(instanceId: number): Promise<PersistentDiskRecord[]>;
  /** Makes the disk active, and the instance's other disks of the same name inactive. */
  activate(id: number): Promise<void>;
  /** Resizing in place (IaaS-native), recording cloud properties, making a disk inactive (before orphaning). */
  update(
    id: number,
    changes: Partial<Pick<PersistentDiskRecord, 'size' | 'cloudProperties' | 'active'>>,
  ): Promise<void>;
  /** Forgets a disk (after the CPI deleted it). */
  delete(id: number): Promise<void>;
  /** Moves the disk to orphan_disks (at `now`) in one transaction; it then outlives its instance and deployment. */
  orphan(id: number, now: number): Promise<OrphanDiskRecord>;
  /** Newest first. */
  orphaned(): Promise<OrphanDiskRecord[]>;
  /** Forgets an orphaned disk by cid; false when there is none. */
  deleteOrphaned(diskCid: string): Promise<boolean>;
}

export interface VariableRepo {
  createSet(set: {
    readonly deploymentId: number;
    readonly createdAt: number;
    readonly writable?: boolean;
  }): Promise<VariableSetRecord>;
  getSet(id: number): Promise<VariableSetRecord | undefined>;
  /** Newest first. */
  sets(deploymentId: number): Promise<VariableSetRecord[]>;
  updateSet(
    id: number,
    changes: Partial<Pick<VariableSetRecord, 'deployedSuccessfully' | 'writable'>>,
  ): Promise<void>;
  /** Fails when (set, name, provider deployment) is recorded already. */
  add(variable: Omit<VariableRecord, 'id'>): Promise<VariableRecord>;
  /** The set's variables by name. */
  list(variableSetId: number): Promise<VariableRecord[]>;
  /** Deletes the deployment's sets no instance uses, except the newest (with their variables); the count. */
  pruneSets(deploymentId: number): Promise<number>;
}

/** One version of a value of the director's built-in config server. The value is ciphertext: never plaintext. */
export interface ConfigServerValueRecord {
  /** The version's id (decimal text, as config servers give ids). */
  readonly id: string;
  /** Absolute name (`/<director>/<deployment>/<var>` or `/<var>`). */
  readonly name: string;
  /** How it was generated (`password`, `certificate`, ...). */
  readonly type: string;
  /** The encrypted value, as the cipher wrote it. */
  readonly ciphertext: string;
  /** A digest of what generated it (type, options, CA version): converge regenerates when it changes. */
  readonly generationDigest: string;
  readonly createdAt: number;
}

export interface ConfigServerValueRepo {
  /** Stores a new version; its id is new. */
  add(value: Omit<ConfigServerValueRecord, 'id'>): Promise<ConfigServerValueRecord>;
  /** The newest version of the name. */
  latest(name: string): Promise<ConfigServerValueRecord | undefined>;
  byId(id: string): Promise<ConfigServerValueRecord | undefined>;
}
