import { randomUUID } from 'node:crypto';
import { checkServerIdentity } from 'node:tls';
import { connect, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';
import type { AgentMessage, AgentTransport, SendOptions } from '../../ports/agent-client.js';

/** The director's NATS client TLS (`nats.tls.ca`, `nats.tls.director.certificate/private_key`). */
export interface NatsClientTls {
  readonly ca: string;
  readonly certificate?: string;
  readonly privateKey?: string;
}

export interface NatsTransportOptions {
  /** `nats://[user:password@]host:port`. */
  readonly url: string;
  readonly tls?: NatsClientTls;
  /** The director process's uuid (`Config.process_uuid`); the inbox is `director.<uuid>`. */
  readonly processUuid?: string;
  /** `NatsRpc::MAX_RECONNECT_ATTEMPTS` (4) with `reconnect_time_wait` 2 s. */
  readonly maxReconnectAttempts?: number;
  readonly reconnectTimeWaitMs?: number;
  readonly log?: (line: string) => void;
}

/**
 * bosh-director's `NatsRpc`: one connection per director, one subscription to `director.<uuid>.>`; a request to
 * agent X goes to `agent.X` with `reply_to = director.<uuid>.X.<request id>`, and a reply is matched by the last
 * token of its subject. A publish on a closed connection is only logged (the caller's timeout reports it).
 */
export class NatsAgentTransport implements AgentTransport {
  readonly inbox: string;
  private readonly pending = new Map<string, { onReply: (r: unknown) => void; quiet: boolean }>();

  private constructor(
    private readonly nc: NatsConnection,
    inbox: string,
    private readonly log: (line: string) => void,
  ) {
    this.inbox = inbox;
    nc.subscribe(`${inbox}.>`, {
      callback: (_err, msg) => {
        const requestId = msg.subject.split('.').at(-1) ?? '';
        const entry = this.pending.get(requestId);
        this.pending.delete(requestId);
        if (entry === undefined) return;
        const text = msg.string();
        if (!entry.quiet) this.log(`RECEIVED: ${msg.subject} ${text}`);
        try {
          entry.onReply(text === '' ? null : (JSON.parse(text) as unknown));
        } catch (e) {
          this.log(e instanceof Error ? e.message : String(e));
        }
      },
    });
  }

  static async connect(o: NatsTransportOptions): Promise<NatsAgentTransport> {
    const url = new URL(o.url);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const log = o.log ?? (() => undefined);
    const options: NodeConnectionOptions = {
      servers: [`${url.hostname}:${url.port === '' ? '4222' : url.port}`],
      maxReconnectAttempts: o.maxReconnectAttempts ?? 4,
      reconnectTimeWait: o.reconnectTimeWaitMs ?? 2000,
      ...(url.username === '' ? {} : { user: decodeURIComponent(url.username) }),
      ...(url.password === '' ? {} : { pass: decodeURIComponent(url.password) }),
      tls:
        o.tls === undefined
          ? null
          : {
              ca: o.tls.ca,
              ...(o.tls.certificate === undefined ? {} : { cert: o.tls.certificate }),
              ...(o.tls.privateKey === undefined ? {} : { key: o.tls.privateKey }),
              // The NATS client names no server for an IP: check the certificate against the host dialed.
              ...{ checkServerIdentity: (_h: string, cert: never) => checkServerIdentity(host, cert) },
            },
    };
    const nc = await connect(options);
    const transport = new NatsAgentTransport(nc, `director.${o.processUuid ?? randomUUID()}`, log);
    await nc.flush();
    return transport;
  }

  send(
    agentId: string,
    message: AgentMessage,
    onReply: (reply: unknown) => void,
    options?: SendOptions,
  ): string {
    const requestId = randomUUID();
    const quiet = options?.quiet === true;
    const body = JSON.stringify({ ...message, reply_to: `${this.inbox}.${agentId}.${requestId}` });
    this.pending.set(requestId, { onReply, quiet });
    if (!quiet) this.log(`SENT: agent.${agentId} ${sanitize(message, body)}`);
    try {
      this.nc.publish(`agent.${agentId}`, body);
    } catch (e) {
      this.log(
        `SENT failed because nats isn't connected: agent.${agentId} ${e instanceof Error ? e.message : ''}`,
      );
    }
    return requestId;
  }

  cancel(requestId: string): void {
    this.pending.delete(requestId);
  }

  async close(): Promise<void> {
    this.pending.clear();
    await this.nc.close();
  }
}

/** `sanitize_log_message`: upload_blob's checksum and payload are not logged. */
function sanitize(message: AgentMessage, body: string): string {
  if (message.method !== 'upload_blob') return body;
  const [first, ...rest] = message.arguments;
  const redacted = { ...(first as object), checksum: '<redacted>', payload: '<redacted>' };
  return JSON.stringify({ ...message, arguments: [redacted, ...rest] });
}
