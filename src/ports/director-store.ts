import type {
  ConfigServerValueRepo,
  DeploymentState,
  DeploymentUpdate,
  DiskRepo,
  InstanceRepo,
  IpRepo,
  VariableRepo,
  VmRepo,
} from './director-deploy-store.js';
import type { LinkProviderRepo } from './director-link-store.js';
import type { ReleaseRepo, StemcellRepo } from './director-release-store.js';
import type { ErrandRunRepo } from './director-errand-store.js';

/**
 * The director's database, as the rest of the director sees it: one repository per concern, plain records, times
 * as Unix seconds (numbers) passed in by the caller (the store never reads a clock). Implemented over kysely for
 * SQLite and PostgreSQL (`src/adapters/db`). Every method is one transaction unless it says otherwise.
 */

export type TaskState = 'queued' | 'processing' | 'cancelling' | 'cancelled' | 'done' | 'error' | 'timeout';

export interface TaskRecord {
  readonly id: number;
  readonly state: TaskState;
  /** BOSH's job type: `update_release`, `update_stemcell`, `delete_release`, ... */
  readonly type: string;
  readonly description: string;
  /** When it finished (null while queued or running). */
  readonly timestamp: number | null;
  readonly startedAt: number | null;
  readonly checkpointTime: number | null;
  readonly username: string;
  readonly deploymentName: string | null;
  /** BOSH keeps about 128 characters of it (the task runner cuts it, `JobRunner#truncate`). */
  readonly result: string | null;
  readonly contextId: string;
  /** What the task's job needs to run (JSON), written at creation. */
  readonly payload: unknown;
}

export interface NewTask {
  readonly type: string;
  readonly description: string;
  readonly username: string;
  readonly deploymentName: string | null;
  readonly contextId: string;
  readonly payload: unknown;
}

export interface TaskFilter {
  readonly states?: readonly TaskState[];
  readonly types?: readonly string[];
  readonly deployment?: string;
  readonly contextId?: string;
  readonly limit?: number;
}

export interface TaskRepo {
  /** A new `queued` task. */
  create(task: NewTask): Promise<TaskRecord>;
  get(id: number): Promise<TaskRecord | undefined>;
  /** Newest first (by id). */
  list(filter: TaskFilter): Promise<TaskRecord[]>;
  /**
   * Atomically takes the oldest `queued` task (or a `cancelling` one that never started) for a worker:
   * queued → `processing` with started_at = checkpoint_time = now. Two directors or workers never get the same task.
   */
  claimNext(now: number): Promise<TaskRecord | undefined>;
  checkpoint(id: number, now: number): Promise<void>;
  /** Ends a task: state, result (stored as given: a text column, as BOSH's) and timestamp = now. */
  finish(
    id: number,
    state: 'done' | 'error' | 'cancelled' | 'timeout',
    result: string,
    now: number,
  ): Promise<void>;
  /**
   * Cancels when the task is queued or processing (→ `cancelling`, returns true); any other state returns false and
   * changes nothing.
   */
  requestCancel(id: number): Promise<boolean>;
  /** Tasks left `processing`/`cancelling` by a director that stopped (for recovery at start). */
  unfinished(): Promise<TaskRecord[]>;
}

export interface LockRecord {
  /** `lock:deployment:<name>`, `lock:release:<name>`, `lock:compile:<pkg>:<os/version>`, `lock:stemcells:<n>:<v>` */
  readonly name: string;
  readonly uid: string;
  /** Unix seconds with fraction. */
  readonly expiredAt: number;
  readonly taskId: string;
}

export interface LockRepo {
  /** Takes the lock when free or expired (at `now`); else returns the current holder. */
  acquire(
    lock: LockRecord,
    now: number,
  ): Promise<{ readonly acquired: true } | { readonly acquired: false; readonly holder: LockRecord }>;
  /** Extends a lock this uid holds; false when it no longer holds it. */
  renew(name: string, uid: string, expiredAt: number): Promise<boolean>;
  /** Releases a lock this uid holds (no-op otherwise). */
  release(name: string, uid: string): Promise<void>;
  /** All locks not expired at `now` (expired ones are deleted first). */
  list(now: number): Promise<LockRecord[]>;
  /** Deletes every lock a task holds (recovery of a task that died). */
  releaseForTask(taskId: string): Promise<void>;
}

export interface EventRecord {
  readonly id: number;
  readonly parentId: number | null;
  readonly user: string;
  readonly timestamp: number;
  readonly action: string;
  readonly objectType: string;
  readonly objectName: string | null;
  readonly error: string | null;
  readonly task: string | null;
  readonly deployment: string | null;
  readonly instance: string | null;
  readonly context: Readonly<Record<string, unknown>>;
}

export interface EventFilter {
  readonly beforeId?: number;
  readonly beforeTime?: number;
  readonly afterTime?: number;
  readonly task?: string;
  readonly deployment?: string;
  readonly instance?: string;
  readonly user?: string;
  readonly action?: string;
  readonly objectType?: string;
  readonly objectName?: string;
  /** Default 200. */
  readonly limit?: number;
}

export interface EventRepo {
  add(event: Omit<EventRecord, 'id'>): Promise<EventRecord>;
  get(id: number): Promise<EventRecord | undefined>;
  /** Newest first (by id). */
  list(filter: EventFilter): Promise<EventRecord[]>;
}

export interface ConfigRecord {
  readonly id: number;
  readonly type: string;
  readonly name: string;
  readonly content: string;
  readonly createdAt: number;
  readonly deleted: boolean;
  readonly teamId: number | null;
}

export interface ConfigRepo {
  /** The latest non-deleted config of each (type, name) matching the filter. */
  latest(filter: { readonly type?: string; readonly name?: string }): Promise<ConfigRecord[]>;
  /** Newest first, deleted ones included only when asked. */
  list(filter: {
    readonly type?: string;
    readonly name?: string;
    readonly limit?: number;
    readonly includeDeleted?: boolean;
  }): Promise<ConfigRecord[]>;
  get(id: number): Promise<ConfigRecord | undefined>;
  create(config: {
    readonly type: string;
    readonly name: string;
    readonly content: string;
    readonly createdAt: number;
  }): Promise<ConfigRecord>;
  /** Soft-deletes every config of (type, name); the count deleted. */
  deleteByName(type: string, name: string): Promise<number>;
  /** Soft-deletes one config; false when there is no such (non-deleted) config. */
  deleteById(id: number): Promise<boolean>;
}

export interface DeploymentRecord {
  readonly id: number;
  readonly name: string;
  readonly manifestText: string;
}

export interface DeploymentRepo {
  list(): Promise<
    Array<
      DeploymentRecord & {
        readonly releases: ReadonlyArray<{ readonly name: string; readonly version: string }>;
        readonly stemcells: ReadonlyArray<{ readonly name: string; readonly version: string }>;
      }
    >
  >;
  get(name: string): Promise<DeploymentRecord | undefined>;
  /** The deployment named so, created (empty manifest) when missing; safe when two deploys race to create it. */
  findOrCreate(name: string): Promise<DeploymentRecord>;
  /**
   * Records a deploy: the manifest, links serial id, and the release versions, stemcells and configs it used
   * (each list replaces the previous one). One transaction.
   */
  update(id: number, update: DeploymentUpdate): Promise<void>;
  /**
   * Deletes the deployment and every row of it (instances, VMs, disks, IPs, rendered templates, variable sets,
   * its release/stemcell/config links) in one transaction. Orphaned disks and VMs stay. False when there is none.
   */
  delete(name: string): Promise<boolean>;
  /** `remove_all_stemcells`: the deployment no longer holds any stemcell (delete-deployment detaches them first). */
  detachStemcells(id: number): Promise<void>;
  /** `remove_all_release_versions`: the deployment no longer holds any release version. */
  detachReleaseVersions(id: number): Promise<void>;
  /** Everything a deploy planner reads, in one consistent snapshot (one transaction). */
  state(name: string): Promise<DeploymentState | undefined>;
}

export interface DirectorAttributeRepo {
  get(name: string): Promise<string | undefined>;
  /** Sets the value only if none is set; returns the value that is set afterwards. */
  setIfMissing(name: string, value: string): Promise<string>;
}

export interface DirectorStore {
  readonly tasks: TaskRepo;
  readonly locks: LockRepo;
  readonly events: EventRepo;
  readonly configs: ConfigRepo;
  readonly releases: ReleaseRepo;
  readonly stemcells: StemcellRepo;
  readonly deployments: DeploymentRepo;
  readonly attributes: DirectorAttributeRepo;
  readonly instances: InstanceRepo;
  readonly vms: VmRepo;
  readonly disks: DiskRepo;
  readonly ips: IpRepo;
  readonly variables: VariableRepo;
  /** The built-in config server's encrypted values. */
  readonly configServerValues: ConfigServerValueRepo;
  /** `run-errand --when-changed`'s memory. */
  readonly errandRuns: ErrandRunRepo;
  /** What each deployment provides to others' links. */
  readonly linkProviders: LinkProviderRepo;
  close(): Promise<void>;
}

export type * from './director-deploy-store.js';
export type * from './director-errand-store.js';
export type * from './director-release-store.js';
export type * from './director-link-store.js';
