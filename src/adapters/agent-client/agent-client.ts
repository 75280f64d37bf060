import { setTimeout as delay } from 'node:timers/promises';
import { BoshError, isTaskCancelled } from '../../core/errors.js';
import type {
  AgentClient,
  AgentClientOptions,
  AgentTransport,
  DrainType,
  ErrandResult,
} from '../../ports/agent-client.js';
import { AgentRpc } from './rpc.js';

/** `AgentClient::STOP_MESSAGE_TIMEOUT`: how long `stop` polls its task. */
const STOP_TIMEOUT_MS = 300_000;

const isRemote = (e: unknown, pattern: RegExp): boolean =>
  e instanceof BoshError && e.kind === 'RpcRemoteException' && pattern.test(e.message);
const UNKNOWN = /unknown message/;

/** bosh-director's `AgentClient` for one agent, over any transport. */
export class DirectorAgentClient implements AgentClient {
  private readonly rpc: AgentRpc;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(transport: AgentTransport, options: AgentClientOptions) {
    this.rpc = new AgentRpc(transport, options);
    this.sleep = options.sleep ?? ((ms) => delay(ms));
  }

  get agentId(): string {
    return this.rpc.agentId;
  }

  private get checkpoint(): (() => Promise<void>) | undefined {
    return this.rpc.options.checkpoint;
  }

  private send(method: string, ...args: unknown[]): Promise<unknown> {
    return this.rpc.sendMessage(method, args);
  }

  /** `safe_send_message` and friends: an agent that does not know the method is logged and ignored. */
  private async ignoringUnknown(method: string, work: Promise<unknown>): Promise<unknown> {
    try {
      return await work;
    } catch (e) {
      if (!isRemote(e, UNKNOWN)) throw e;
      this.rpc.log(`Ignoring ${method} 'unknown message' error from the agent: ${(e as Error).message}`);
      return undefined;
    }
  }

  ping(): Promise<unknown> {
    return this.rpc.handleWithRetry('ping', []);
  }

  async info(): Promise<unknown> {
    try {
      return await this.send('info');
    } catch (e) {
      if (!isRemote(e, UNKNOWN)) throw e;
      return { api_version: 0 };
    }
  }

  getState(full = false): Promise<unknown> {
    return this.rpc.sendMessage('get_state', full ? ['full'] : []);
  }

  apply(spec: unknown): Promise<unknown> {
    return this.send('apply', spec);
  }

  prepare(spec: unknown): Promise<unknown> {
    return this.send('prepare', spec);
  }

  start(): Promise<unknown> {
    return this.send('start');
  }

  async stop(): Promise<unknown> {
    try {
      return await this.rpc.sendMessage('stop', [], undefined, STOP_TIMEOUT_MS);
    } catch (e) {
      if (!(e instanceof Error && e.message.includes('Timed out waiting for service'))) throw e;
      this.rpc.log(`Ignoring stop timeout error from the agent: ${e.message}`);
      return undefined;
    }
  }

  /** `send_cancellable_message`: a cancelled director task cancels the agent's drain task. */
  async drain(type: DrainType | 'status', spec?: unknown): Promise<number> {
    const task = await this.rpc.startTask('drain', spec === undefined ? [type] : [type, spec]);
    if (typeof task.agent_task_id !== 'string' || task.agent_task_id === '') return Number(task.value);
    try {
      return Number(await this.rpc.waitForTask(task.agent_task_id, this.checkpoint));
    } catch (e) {
      if (isTaskCancelled(e)) await this.cancelTask(task.agent_task_id);
      throw e;
    }
  }

  async drainAndWait(type: DrainType, spec: unknown): Promise<void> {
    let drainTime = await this.drain(type, spec);
    if (drainTime > 0) return this.sleep(drainTime * 1000);
    for (;;) {
      const wait = Math.abs(drainTime);
      if (wait > 0) {
        this.rpc.log(`'${this.rpc.instanceName}' is draining: checking back in ${String(wait)}s`);
        await this.sleep(wait * 1000);
      }
      if (drainTime >= 0) return;
      drainTime = await this.drain('status');
    }
  }

  async runScript(
    name: string,
    options: { readonly env: Readonly<Record<string, string>> },
  ): Promise<unknown> {
    return this.ignoringUnknown('run_script', this.send('run_script', name, options));
  }

  compilePackage(blobstoreId: string, sha1: string, name: string, version: string, deps: unknown) {
    return this.compiled('compile_package', [blobstoreId, sha1, name, version, deps]);
  }

  compilePackageWithSignedUrl(request: unknown): Promise<unknown> {
    return this.compiled('compile_package_with_signed_url', [request]);
  }

  /** `inject_compile_log`: a `result.compile_log_id` blob is fetched into `result.compile_log`. */
  private async compiled(method: string, args: readonly unknown[]): Promise<unknown> {
    const value = await this.rpc.sendMessage(method, args, this.checkpoint);
    const result = (value as { result?: unknown } | null | undefined)?.result;
    if (typeof result === 'object' && result !== null && !Array.isArray(result)) {
      const r = result as Record<string, unknown>;
      if (typeof r['compile_log_id'] === 'string') {
        const log = await this.rpc.downloadAndDeleteBlob(r['compile_log_id']);
        if (log !== undefined) r['compile_log'] = log;
      }
    }
    return value;
  }

  mountDisk(diskCid: string): Promise<unknown> {
    return this.send('mount_disk', diskCid);
  }

  unmountDisk(diskCid: string): Promise<unknown> {
    return this.send('unmount_disk', diskCid);
  }

  addPersistentDisk(diskCid: string, hint: unknown): Promise<unknown> {
    return this.ignoringUnknown('add_persistent_disk', this.send('add_persistent_disk', diskCid, hint));
  }

  removePersistentDisk(diskCid: string): Promise<unknown> {
    return this.ignoringUnknown('remove_persistent_disk', this.send('remove_persistent_disk', diskCid));
  }

  migrateDisk(oldDiskCid: string, newDiskCid: string): Promise<unknown> {
    return this.send('migrate_disk', oldDiskCid, newDiskCid);
  }

  listDisk(): Promise<unknown> {
    return this.send('list_disk');
  }

  updateSettings(settings: unknown): Promise<unknown> {
    return this.ignoringUnknown('update_settings', this.send('update_settings', settings));
  }

  async uploadBlob(blobId: string, checksum: string, payload: string): Promise<unknown> {
    try {
      return await this.send('upload_blob', { blob_id: blobId, checksum, payload });
    } catch (e) {
      if (isRemote(e, UNKNOWN))
        throw new BoshError('AgentUnsupportedAction', 'Unsupported action: upload_blob');
      const windows =
        /Opening blob store file: open \\var\\vcap\\data\\blobs.*: The system cannot find the path specified/;
      if (isRemote(e, windows)) {
        throw new BoshError('AgentUploadBlobUnableToOpenFile', "'Upload blob' action: failed to open blob");
      }
      throw e;
    }
  }

  fetchLogs(logType: string, filters: readonly string[] | null): Promise<unknown> {
    return this.send('fetch_logs', logType, filters);
  }

  fetchLogsWithSignedUrl(request: unknown): Promise<unknown> {
    return this.send('fetch_logs_with_signed_url', request);
  }

  async runErrand(jobName?: string): Promise<{ result: ErrandResult; cancelled: boolean }> {
    const task = await this.rpc.startTask('run_errand', jobName === undefined ? [] : [jobName]);
    const id = String(task.agent_task_id);
    const checkpoint = this.checkpoint;
    try {
      const cancelOnCheckpoint =
        checkpoint && (() => checkpoint().catch((e: unknown) => this.cancelOn(e, id)));
      return {
        result: (await this.rpc.waitForTask(id, cancelOnCheckpoint)) as ErrandResult,
        cancelled: false,
      };
    } catch (e) {
      if (!isTaskCancelled(e)) throw e;
      return { result: (await this.rpc.waitForTask(id)) as ErrandResult, cancelled: true };
    }
  }

  private async cancelOn(e: unknown, agentTaskId: string): Promise<never> {
    if (isTaskCancelled(e)) await this.cancelTask(agentTaskId);
    throw e;
  }

  cancelTask(agentTaskId: string): Promise<unknown> {
    return this.send('cancel_task', agentTaskId);
  }

  ssh(command: 'setup' | 'cleanup', params: unknown): Promise<unknown> {
    return this.rpc.handleWithRetry('ssh', [command, params]);
  }

  syncDns(blobstoreId: string, sha1: string, version: number, timeoutMs: number): Promise<unknown> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.rpc.cancel(id);
        resolve(undefined);
      }, timeoutMs);
      const id = this.rpc.sendQuietly('sync_dns', [blobstoreId, sha1, version], (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
  }

  shutdown(): void {
    this.fireAndForget('shutdown', []);
  }

  deleteArpEntries(ips: readonly string[]): void {
    this.fireAndForget('delete_arp_entries', [{ ips }]);
  }

  private fireAndForget(method: string, args: readonly unknown[]): void {
    try {
      this.rpc.cancel(this.rpc.sendQuietly(method, args));
    } catch (e) {
      this.rpc.log(`Ignoring '${String(e)}' error from the agent. Received while trying to run: ${method}`);
    }
  }

  /** `wait_until_ready`: the request timeout is 1 s while it pings. */
  async waitUntilReady(deadlineSeconds = 600): Promise<void> {
    const saved = this.rpc.timeoutSeconds;
    const deadline = Date.now() + deadlineSeconds * 1000;
    this.rpc.timeoutSeconds = 1;
    try {
      for (;;) {
        await this.checkpoint?.();
        try {
          await this.ping();
          return;
        } catch (e) {
          const again = deadline - Date.now() > 0;
          if (e instanceof BoshError && e.kind === 'RpcTimeout') {
            if (again) continue;
            const vm = this.rpc.options.vmCid ?? 'unknown';
            throw new BoshError(
              'RpcTimeout',
              `Timed out pinging VM '${vm}' with agent '${this.agentId}' after ${String(deadlineSeconds)} seconds`,
            );
          }
          if (isRemote(e, /^restarting agent/) && again) continue;
          throw e;
        }
      }
    } finally {
      this.rpc.timeoutSeconds = saved;
    }
  }
}
