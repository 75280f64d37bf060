import { BoshError } from '../../core/errors.js';
import type { AgentClientOptions, AgentTransport, Checkpoint } from '../../ports/agent-client.js';

/** The first get_task poll's delay. */
const FIRST_POLL_MS = 10;

/** The director's protocol version (`AgentClient::PROTOCOL_VERSION`). */
export const PROTOCOL_VERSION = 3;

/** `AgentClient.with_agent_id` defaults: retries after a timeout. */
export const DEFAULT_RETRIES: Readonly<Record<string, number>> = {
  get_state: 2,
  get_task: 4,
  upload_blob: 3,
};

/** A task as `AgentMessageConverter.convert_old_message_to_new` shapes any reply value. */
export interface TaskStatus {
  readonly state: unknown;
  readonly value: unknown;
  readonly agent_task_id: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `convert_old_message_to_new`: legacy replies (a bare value) become `{state: done, value}`. */
export function convertOldMessageToNew(msg: unknown): TaskStatus {
  if (!isRecord(msg)) return { state: 'done', value: msg, agent_task_id: null };
  if (!('value' in msg)) {
    if ('state' in msg && 'agent_task_id' in msg) {
      return { state: msg['state'], value: undefined, agent_task_id: msg['agent_task_id'] };
    }
    return { value: msg, state: msg['state'] ?? 'done', agent_task_id: msg['agent_task_id'] ?? null };
  }
  if (!('state' in msg))
    return { value: msg['value'], state: 'done', agent_task_id: msg['agent_task_id'] ?? null };
  return { state: msg['state'], value: msg['value'], agent_task_id: msg['agent_task_id'] };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One agent's request/response layer (`handle_method`, `handle_message_with_retry`, `send_message`, `wait_for_task`). */
export class AgentRpc {
  readonly agentId: string;
  readonly instanceName: string;
  timeoutSeconds: number;
  readonly pollIntervalMs: number;
  private readonly retries: Readonly<Record<string, number>>;

  constructor(
    private readonly transport: AgentTransport,
    readonly options: AgentClientOptions,
  ) {
    this.agentId = options.agentId;
    this.instanceName = options.instanceName ?? 'unknown';
    this.timeoutSeconds = options.timeoutSeconds ?? 45;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.retries = options.retries ?? DEFAULT_RETRIES;
  }

  log(line: string): void {
    this.options.log?.(line);
  }

  /** One request, waiting up to the timeout for its reply; an `exception` reply throws `RpcRemoteException`. */
  async handleMethod(method: string, args: readonly unknown[], checkpoint?: Checkpoint): Promise<unknown> {
    const reply = await new Promise<unknown>((resolve, reject) => {
      let settled = false;
      const requestId = this.transport.send(
        this.agentId,
        { protocol: PROTOCOL_VERSION, method, arguments: args },
        (r) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(r);
        },
      );
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        this.transport.cancel(requestId);
        reject(
          new BoshError(
            'RpcTimeout',
            `Timed out sending '${method}' to instance: '${this.instanceName}', agent-id: '${this.agentId}' ` +
              `after ${String(this.timeoutSeconds)} seconds`,
          ),
        );
      }, this.timeoutSeconds * 1000);
      // BOSH calls the block once before waiting on the reply: a cancelled task stops waiting at once.
      checkpoint?.().catch((e: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.transport.cancel(requestId);
        reject(e instanceof Error ? e : new Error(String(e)));
      });
    });
    const response = isRecord(reply) ? reply : {};
    if ('exception' in response) {
      throw new BoshError('RpcRemoteException', await this.formatException(response['exception']));
    }
    return response['value'];
  }

  /** `send_nats_request_quietly`: returns the request id; `cancel` stops listening. */
  sendQuietly(
    method: string,
    args: readonly unknown[],
    onReply: (reply: unknown) => void = () => undefined,
  ): string {
    return this.transport.send(
      this.agentId,
      { protocol: PROTOCOL_VERSION, method, arguments: args },
      onReply,
      {
        quiet: true,
      },
    );
  }

  cancel(requestId: string): void {
    this.transport.cancel(requestId);
  }

  /** `handle_message_with_retry`: retries timeouts only, as many times as the method allows. */
  async handleWithRetry(method: string, args: readonly unknown[], checkpoint?: Checkpoint): Promise<unknown> {
    for (let left = this.retries[method] ?? 0; ; left--) {
      try {
        return await this.handleMethod(method, args, checkpoint);
      } catch (e) {
        if (!(e instanceof BoshError && e.kind === 'RpcTimeout') || left <= 0) throw e;
        this.log(`${method} to ${this.agentId} timed out, retrying (${String(left)} left)`);
      }
    }
  }

  async startTask(method: string, args: readonly unknown[], checkpoint?: Checkpoint): Promise<TaskStatus> {
    return convertOldMessageToNew(await this.handleWithRetry(method, args, checkpoint));
  }

  /** `send_message` (with `send_message_with_timeout`'s optional bound in ms). */
  async sendMessage(
    method: string,
    args: readonly unknown[],
    checkpoint?: Checkpoint,
    boundMs?: number,
  ): Promise<unknown> {
    const task = await this.startTask(method, args, checkpoint);
    if (typeof task.agent_task_id === 'string' && task.agent_task_id !== '') {
      return this.waitForTask(task.agent_task_id, checkpoint, boundMs);
    }
    return task.value;
  }

  /** `wait_for_task`: get_task (backing off to every poll interval) until the task is no longer running; its final value. */
  async waitForTask(agentTaskId: string, checkpoint?: Checkpoint, boundMs?: number): Promise<unknown> {
    const deadline = boundMs === undefined ? undefined : Date.now() + boundMs;
    let task = await this.taskStatus(agentTaskId);
    // Most agent tasks (apply, scripts, start) end within milliseconds: polls start 10 ms apart and double up to the
    // poll interval, so a short task is not charged a whole interval and a long one is not polled more than BOSH does.
    let wait = Math.min(FIRST_POLL_MS, this.pollIntervalMs);
    while (task.state === 'running') {
      if (deadline !== undefined && Date.now() >= deadline) {
        this.log(`Task ${agentTaskId} timed out`);
        break;
      }
      await checkpoint?.();
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, this.pollIntervalMs);
      task = await this.taskStatus(agentTaskId);
    }
    return task.value;
  }

  private async taskStatus(agentTaskId: string): Promise<TaskStatus> {
    return convertOldMessageToNew(await this.handleWithRetry('get_task', [agentTaskId]));
  }

  /** `format_exception`: the message, the backtrace lines, the blob the agent left the details in. */
  private async formatException(exception: unknown): Promise<string> {
    if (!isRecord(exception)) return rubyToS(exception);
    let msg = rubyToS(exception['message']);
    const backtrace = exception['backtrace'];
    if (backtrace !== undefined && backtrace !== null && backtrace !== false) {
      msg += '\n' + (Array.isArray(backtrace) ? backtrace.map(rubyToS) : [rubyToS(backtrace)]).join('\n');
    }
    const blobId = exception['blobstore_id'];
    if (typeof blobId === 'string' && blobId !== '') {
      const blob = await this.downloadAndDeleteBlob(blobId);
      if (blob !== undefined) msg += '\n' + blob;
    }
    return msg;
  }

  /** Only UUID blob ids are fetched (`Blobstore::UuidValidation`); the blob is deleted once read. */
  async downloadAndDeleteBlob(blobId: string): Promise<string | undefined> {
    if (!UUID.test(blobId)) {
      this.log(
        `Skipping blob fetch for agent '${this.agentId}' (${this.instanceName}): object id is not a valid UUID`,
      );
      return undefined;
    }
    return this.options.downloadAndDeleteBlob?.(blobId);
  }
}

/** Ruby's `to_s` for what JSON decodes to (nil → '', Hash/Array → inspect-ish JSON). */
function rubyToS(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}
