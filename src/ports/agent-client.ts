/**
 * The director's side of the agent message protocol (bosh-director `AgentClient` over `NatsRpc`): one client per
 * agent, requests `{"protocol":3,"method","arguments"}` with the transport adding `reply_to`, long-running methods
 * polled with `get_task` every second until they no longer run. Errors are BoshErrors in BOSH's words:
 * `RpcTimeout` `Timed out sending '<method>' to instance: '<instance>', agent-id: '<agent_id>' after 45 seconds`,
 * `RpcRemoteException` with the agent's exception message verbatim (plus backtrace lines when the agent sends
 * some), `TaskCancelled` from the caller's checkpoint.
 */

/** A request as the director builds it (the transport adds `reply_to`). */
export interface AgentMessage {
  readonly protocol: number;
  readonly method: string;
  readonly arguments: readonly unknown[];
}

export interface SendOptions {
  /** `send_nats_request_quietly`: not logged (sync_dns, fire-and-forget). */
  readonly quiet?: boolean;
}

/**
 * How requests reach agents (`NatsRpc#send_request` / `#cancel_request`). `send` never throws and never waits:
 * it returns a request id at once and calls `onReply` with the decoded reply body (null for an empty one) at most
 * once. A message that cannot be delivered (NATS down, connection refused) is only logged: the caller's timeout
 * reports it, as BOSH's does.
 */
export interface AgentTransport {
  send(
    agentId: string,
    message: AgentMessage,
    onReply: (reply: unknown) => void,
    options?: SendOptions,
  ): string;
  /** Stops waiting for the reply of `requestId` (its `onReply` is not called any more). */
  cancel(requestId: string): void;
}

/** Throws `TaskCancelled` when the director task is being cancelled (the task context's `checkpoint`). */
export type Checkpoint = () => Promise<void>;

export interface AgentClientOptions {
  readonly agentId: string;
  /** `<group>/<uuid>` in timeout texts; BOSH says `unknown` without one. */
  readonly instanceName?: string;
  /** The VM's CID, named by `waitUntilReady`'s timeout. */
  readonly vmCid?: string;
  /** Per request, in seconds (BOSH: 45). */
  readonly timeoutSeconds?: number;
  /** Between two `get_task` polls (BOSH: 1000). */
  readonly pollIntervalMs?: number;
  /** Retries after a timeout, by method (BOSH: get_state 2, get_task 4, upload_blob 3). */
  readonly retries?: Readonly<Record<string, number>>;
  /** Checked while waiting for cancellable methods (drain, run_errand, compile_package, waitUntilReady). */
  readonly checkpoint?: Checkpoint;
  /** Fetches and deletes a blob an agent points at (exception `blobstore_id`, compile `compile_log_id`). */
  readonly downloadAndDeleteBlob?: (blobId: string) => Promise<string | undefined>;
  readonly log?: (line: string) => void;
  /** Waits (the stopper's drain sleeps); injectable for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export type DrainType = 'update' | 'shutdown';

/** A long-running task's final `value` (what `get_task` answers once the task is no longer running). */
export type TaskValue = unknown;

export interface ErrandResult {
  readonly stdout?: string;
  readonly stderr?: string;
  readonly exit_code?: number;
}

export interface AgentClient {
  readonly agentId: string;
  ping(): Promise<unknown>;
  info(): Promise<unknown>;
  getState(full?: boolean): Promise<unknown>;
  apply(spec: unknown): Promise<TaskValue>;
  prepare(spec: unknown): Promise<TaskValue>;
  start(): Promise<TaskValue>;
  /** Bounded to 300 s of polling; `Timed out waiting for service` errors are ignored (BOSH's `stop`). */
  stop(): Promise<TaskValue>;
  /** One `drain` call: the agent's number (negative = dynamic drain); cancellable (`cancel_task` then rethrow). */
  drain(type: DrainType | 'status', spec?: unknown): Promise<number>;
  /**
   * The stopper's `perform_drain`: drain, then sleep the positive answer, or for a negative one sleep |n| and ask
   * `drain status` again until the answer is no longer negative.
   */
  drainAndWait(type: DrainType, spec: unknown): Promise<void>;
  /** An agent that does not know run_script is ignored (undefined). */
  runScript(name: string, options: { readonly env: Readonly<Record<string, string>> }): Promise<TaskValue>;
  compilePackage(
    blobstoreId: string,
    sha1: string,
    name: string,
    version: string,
    dependencies: unknown,
  ): Promise<TaskValue>;
  compilePackageWithSignedUrl(request: unknown): Promise<TaskValue>;
  mountDisk(diskCid: string): Promise<TaskValue>;
  unmountDisk(diskCid: string): Promise<TaskValue>;
  addPersistentDisk(diskCid: string, hint: unknown): Promise<TaskValue>;
  removePersistentDisk(diskCid: string): Promise<TaskValue>;
  migrateDisk(oldDiskCid: string, newDiskCid: string): Promise<TaskValue>;
  listDisk(): Promise<unknown>;
  updateSettings(settings: unknown): Promise<TaskValue>;
  uploadBlob(blobId: string, checksum: string, base64Payload: string): Promise<TaskValue>;
  fetchLogs(logType: string, filters: readonly string[] | null): Promise<TaskValue>;
  fetchLogsWithSignedUrl(request: unknown): Promise<TaskValue>;
  /**
   * The errand runner: run_errand, then get_task until done; when the checkpoint throws `TaskCancelled`:
   * `cancel_task`, then wait for the result the agent still gives (`cancelled: true`: the caller records the result,
   * then fails the task as cancelled).
   */
  runErrand(jobName?: string): Promise<{ readonly result: ErrandResult; readonly cancelled: boolean }>;
  cancelTask(agentTaskId: string): Promise<unknown>;
  ssh(command: 'setup' | 'cleanup', params: unknown): Promise<unknown>;
  /**
   * Quiet, no retries: resolves with the agent's reply body, or undefined when none came within `timeoutMs` (the
   * broadcaster then cancels the request).
   */
  syncDns(blobstoreId: string, sha1: string, version: number, timeoutMs: number): Promise<unknown>;
  /** Fire-and-forget: sent quietly, reply not awaited, errors only logged. */
  shutdown(): void;
  deleteArpEntries(ips: readonly string[]): void;
  /**
   * Pings with a 1 s timeout until the agent answers (also retrying `restarting agent` errors); after
   * `deadlineSeconds` (BOSH: 600) fails with `Timed out pinging VM '<cid>' with agent '<id>' after <n> seconds`.
   */
  waitUntilReady(deadlineSeconds?: number): Promise<void>;
}

/** Where an agent listens, as its settings' mbus say (`nats://…` shares the director's NATS; `https://…` is direct). */
export interface AgentEndpoint extends Omit<AgentClientOptions, 'agentId'> {
  readonly agentId: string;
  /** `https://mbus:<pw>@<ip>:6868` (create-env style) or absent/`nats://…` for the director's NATS. */
  readonly mbusUrl?: string;
}

export type AgentClientFactory = (endpoint: AgentEndpoint) => AgentClient;
