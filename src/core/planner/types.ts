/**
 * The planner's input and output: plain data. The desired side is the parsed manifest and cloud config with
 * what the director resolved (stemcell and release versions, package fingerprints, configuration hashes); the
 * current side is what the director's database holds about the deployment's instances.
 */
import type { YamlMap } from '../../base/yaml/value.js';
import type { CloudConfig, DeploymentManifest } from '../manifest/types.js';
import type { IpReservation } from '../network/allocate.js';
import type { Batch, UpdateStage } from '../update/plan.js';

export interface StemcellRef {
  readonly name: string;
  readonly version: string;
}

export interface DesiredDeployment {
  readonly manifest: DeploymentManifest;
  readonly cloudConfig: CloudConfig;
  /** Stemcell alias (or `os`/`name` as written) → the uploaded stemcell it resolved to. */
  readonly stemcells: Readonly<Record<string, StemcellRef>>;
  /** Release name → resolved version (`latest` already replaced). */
  readonly releases: Readonly<Record<string, string>>;
  /** Instance group → its compiled packages, package name → fingerprint/sha1. Absent: not compared. */
  readonly packages?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Instance group → configuration hash of its rendered templates. Absent: properties are compared instead. */
  readonly configurationHashes?: Readonly<Record<string, string>>;
  /**
   * Instance group → digest of its jobs' properties with `((variables))` resolved (a hash: no value in it), so a
   * changed variable value is a configuration change. Absent for a group: `propertiesDigest` of them as written.
   */
  readonly propertiesDigests?: Readonly<Record<string, string>>;
  /** IP reservations of other deployments (BOSH's `ip_addresses` rows); they block allocation. */
  readonly foreignReservations?: readonly IpReservation[];
}

export type InstanceState = 'started' | 'stopped' | 'detached';

/** A state an instance can be asked for: `restart` and `recreate` are `started` with a restart or a new VM. */
export type RequestedState = InstanceState | 'restart' | 'recreate';

/** A `job_states` entry (`bosh start/stop/...`): the group's state, and instances' states by index or uuid. */
export interface GroupStates {
  readonly state?: string;
  readonly instanceStates?: Readonly<Record<string, string>>;
}

export interface CurrentVm {
  readonly cid: string;
  readonly agentId: string;
  readonly stemcell: StemcellRef;
  readonly cloudProperties: YamlMap;
  readonly env: YamlMap;
  /** The VM's agent does not answer (only meaningful with `fix`). */
  readonly unresponsive?: boolean;
}

export interface CurrentDisk {
  readonly cid: string;
  /** `''` for the unnamed persistent disk. */
  readonly name: string;
  readonly size: number;
  readonly cloudProperties: YamlMap;
}

export interface CurrentIp {
  readonly network: string;
  readonly ip: string;
  readonly static: boolean;
}

/** What the last successful apply left on the instance (`spec_json` hashes). */
export interface AppliedSpec {
  readonly packages: Readonly<Record<string, string>>;
  /** `name` → `release/version` of each job. */
  readonly jobs: Readonly<Record<string, string>>;
  readonly configurationHash: string | null;
  /** `propertiesDigest` of the properties last applied. */
  readonly properties: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface CurrentInstance {
  readonly uuid: string;
  readonly group: string;
  readonly index: number;
  readonly az: string | null;
  readonly bootstrap: boolean;
  readonly state: InstanceState;
  readonly ignore: boolean;
  /** `update_completed: false`: a previous update of it failed. */
  readonly dirty?: boolean;
  readonly vm: CurrentVm | null;
  readonly disks: readonly CurrentDisk[];
  readonly ips: readonly CurrentIp[];
  readonly applied: AppliedSpec | null;
}

export interface CurrentDeployment {
  /** false on a first deploy (no manifest stored yet). */
  readonly deployed: boolean;
  readonly instances: readonly CurrentInstance[];
}

export interface PlanOptions {
  readonly recreate?: boolean;
  readonly recreatePersistentDisks?: boolean;
  readonly fix?: boolean;
  readonly dryRun?: boolean;
  readonly skipDrain?: boolean;
  /** `skip_drain=<group>,<group>`: the groups whose instances are not drained. */
  readonly skipDrainGroups?: readonly string[];
  /** `job_states`: by instance group name, or `*` for the groups not named. */
  readonly jobStates?: Readonly<Record<string, GroupStates>>;
  /** `--canaries` / `--max-in-flight`: override every group's update block. */
  readonly canaries?: string;
  readonly maxInFlight?: string;
}

export interface PlanInput {
  readonly desired: DesiredDeployment;
  readonly current: CurrentDeployment;
  /** ISO time the plan is made at. */
  readonly now: string;
  readonly newId: () => string;
  readonly options?: PlanOptions;
}

/** `InstancePlan#changes`, named as BOSH names them. */
export type Change =
  | 'dirty'
  | 'restart'
  | 'recreate'
  | 'recreate_persistent_disks'
  | 'cloud_properties'
  | 'stemcell'
  | 'env'
  | 'network'
  | 'packages'
  | 'persistent_disk'
  | 'configuration'
  | 'job'
  | 'state'
  | 'dns'
  | 'trusted_certs'
  | 'blobstore_config'
  | 'nats_config'
  | 'tags';

export type PlanAction = 'create' | 'keep' | 'update' | 'recreate' | 'delete' | 'ignore';

export interface PlannedIp {
  readonly network: string;
  /** The address (no prefix for single addresses). */
  readonly ip: string;
  readonly type: 'static' | 'dynamic';
}

export interface InstancePlan {
  readonly group: string;
  readonly uuid: string;
  readonly index: number;
  readonly az: string | null;
  readonly bootstrap: boolean;
  /** `<group>/<uuid> (<index>)`, as BOSH prints the instance. */
  readonly name: string;
  readonly action: PlanAction;
  readonly state: InstanceState;
  readonly changes: readonly Change[];
  /** One human-readable line per change, in the order of `changes`. */
  readonly reasons: readonly string[];
  readonly needsShuttingDown: boolean;
  readonly needsRecreate: boolean;
  readonly skipDrain: boolean;
  /** Desired addresses; empty for obsolete instances. */
  readonly ips: readonly PlannedIp[];
  /** The VM the instance has now (cid), if any. */
  readonly vmCid: string | null;
}

export interface GroupPlan {
  readonly name: string;
  /** Desired instances in BOSH's update order (bootstrap first, then by AZ and name). */
  readonly instances: readonly InstancePlan[];
  readonly obsolete: readonly InstancePlan[];
}

export interface DeploymentPlan {
  readonly deployment: string;
  readonly createdAt: string;
  readonly dryRun: boolean;
  readonly groups: readonly GroupPlan[];
  /** Instances of groups no longer in the manifest. */
  readonly obsoleteGroups: readonly InstancePlan[];
  readonly warnings: readonly string[];
  readonly stages: readonly UpdateStage<InstancePlan>[];
  readonly batches: readonly Batch<InstancePlan>[];
  /** Every IP reservation of this deployment after the plan (obsolete instances' rows released). */
  readonly reservations: readonly IpReservation[];
}
