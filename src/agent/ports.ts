import type { AgentValue, JobState, ProcessState, Vitals } from '../protocol/agent.js';

/**
 * What the agent's actions need from the world. main.ts builds the implementations; tests pass fakes.
 */

/** A job as the supervisor is told about it: its enabled directory holds `monit` and any `*.monit` files. */
export interface SupervisedJob {
  readonly name: string;
  /** `<base>/jobs/<name>` (the enable symlink). */
  readonly dir: string;
  /** The monit file order bosh-agent gives it: the last job of the spec is 0 (`0000_<job>.monitrc`). */
  readonly index: number;
}

/**
 * The job supervisor (bosh-agent's JobSupervisor, our monit-file subset in `src/agent/supervisor/`). Call points
 * follow bosh-agent: apply calls `reload([])` (RemoveAllJobs + Reload: nothing is configured between apply and
 * start); `start` calls `reload(jobs of the spec)` then `start()`; `stop` calls `stop()`; get_state reads
 * `jobState()` and `processes()`.
 */
export interface JobSupervisor {
  /** Per supervised process, as get_state reports it. */
  processes(): Promise<readonly ProcessState[]>;
  /** Aggregate: `stopped` after stop(); any starting → starting; any not running → failing; else running. */
  jobState(): Promise<JobState>;
  /** Starts every configured process (monit group vcap) and clears the stopped marker. */
  start(): Promise<void>;
  /** Stops every process and waits until none is running or pending (StopAndWait). */
  stop(): Promise<void>;
  /** Replaces the configured jobs with `jobs` (read from their monit files) and reloads. */
  reload(jobs: readonly SupervisedJob[]): Promise<void>;
  /** Whether a configured process runs now, supervised or not (by its pidfile, else its pattern). */
  anyRunning(): Promise<boolean>;
}

/** Where a job or package blob comes from (apply spec source). */
export interface BlobSource {
  readonly blobstoreId: string;
  /** Multiple-digest string the downloaded bytes must match. */
  readonly digest: string;
  readonly signedUrl?: string;
  readonly headers?: Readonly<Record<string, string>> | null;
}

/**
 * The agent's blobstore (bosh-agent's cascading blobstore + blobstore delegator): local blob managers
 * (`data/sensitive_blobs`, `data/blobs`) first, then a signed URL, then the configured provider.
 */
export interface AgentBlobstore {
  /** Downloads and verifies a blob into a temporary file and returns its path; give it back to `cleanUp`. */
  get(source: BlobSource): Promise<string>;
  cleanUp(path: string): Promise<void>;
  /** Uploads a local file under a new id; returns the id and the bare-hex sha1 of the file. */
  create(path: string): Promise<{ readonly blobId: string; readonly sha1: string }>;
  /** Deletes a blob from the local blob managers only (the director owns the real blobstore). */
  delete(blobId: string): Promise<void>;
}

/** A directory of blobs named by id: `data/blobs` (HTTPS `/blobs/`) or `data/sensitive_blobs` (upload_blob). */
export interface BlobManager {
  /** The file of a blob, or undefined when it does not exist. */
  path(blobId: string): Promise<string | undefined>;
  write(blobId: string, content: AsyncIterable<Uint8Array> | Uint8Array): Promise<void>;
  delete(blobId: string): Promise<void>;
}

export interface VitalsService {
  get(): Promise<Vitals>;
}

/** Operating-system work the agent asks for. */
export interface AgentPlatform {
  /** Powers the VM off; for a local VM: stops the jobs and ends the agent after the reply has been sent. */
  shutdown(): Promise<void>;
  isPersistentDiskMounted(cid: string, setting: AgentValue): Promise<boolean>;
  /**
   * Mounts the disk on `store`, or on `store_migration_target` when `store` already holds another disk, and records
   * the cid (`bosh/managed_disk_settings.json`) when it went to `store`. Mounting the disk `store` holds is a no-op.
   */
  mountPersistentDisk(cid: string, setting: AgentValue): Promise<void>;
  /** The cid `managed_disk_settings.json` records as mounted on `store` (bosh-agent's last mounted CID). */
  lastMountedDisk(): Promise<string | undefined>;
  /** Unmounts the disk and clears the record; false when it was not mounted. */
  unmountPersistentDisk(cid: string, setting: AgentValue): Promise<boolean>;
  /**
   * migrate_disk: remounts the disk on `store` read-only, copies everything on it to the disk on
   * `store_migration_target`, unmounts it, and moves the new disk to `store` (recording its cid).
   */
  migratePersistentDisk(): Promise<void>;
  /** Links `instance/disks/<name>` to the disk. */
  associateDisk(name: string, setting: AgentValue): Promise<void>;
  /** Replaces the certificates the VM trusts (update_settings trusted_certs). */
  updateTrustedCerts(pem: string): Promise<void>;
  /** Replaces the VM's `/etc/hosts` (sync_dns). */
  saveEtcHosts(text: string): Promise<void>;
}

/** Restarts the agent (bosh-agent exits and is restarted by its init system; persisted tasks resume). */
export interface AgentControl {
  /** Never resolves: the agent restarts and a persisted task is resumed by the new one. */
  restart(): Promise<never>;
}

export interface ScriptCommand {
  readonly path: string;
  readonly env: Readonly<Record<string, string>>;
  /** Files the output is appended to. */
  readonly stdoutFile: string;
  readonly stderrFile: string;
}

/** Runs a hook script to completion; resolves with its exit code (or rejects when it cannot start). */
export interface ScriptRunner {
  run(command: ScriptCommand): Promise<number>;
}

/**
 * The VM's SSH access for the `ssh` action (bosh-agent: the stemcell's sshd and OS users via useradd; here the
 * agent's own SSH server and its table of users under `bosh_ssh`).
 */
export interface SshAccess {
  /** The host public key in authorized_keys format; rejects when SSH cannot be served. */
  hostPublicKey(): Promise<string>;
  /** Creates the user and its home; an existing user or a bad name fails as useradd does. */
  createUser(user: string): Promise<void>;
  /** Writes the user's `.ssh/authorized_keys`. */
  setupSsh(user: string, publicKeys: readonly string[]): Promise<void>;
  /** Deletes every `bosh_…` user whose name `matches`, with its home. */
  deleteEphemeralUsersMatching(matches: (user: string) => boolean): Promise<void>;
}
