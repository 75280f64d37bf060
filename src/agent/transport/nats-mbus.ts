import {
  connect,
  type Msg,
  type NatsConnection,
  type NodeConnectionOptions,
  type Subscription,
} from '@nats-io/transport-node';
import { errorChainMessage, toError, wrapError } from '../../base/errors.js';
import { goJsonMarshal, type GoJson } from '../../base/go-json.js';
import { decodeAgentRequest, type AgentRequest, type AgentResponse } from '../../protocol/agent.js';
import type { Logger } from '../logger.js';
import type { CertKeyPair } from '../settings/settings.js';
import { marshalResponse, NATS_RESPONSE_MAX_LENGTH, RESPONSE_TOO_LONG_MESSAGE } from './nats-response.js';
import { natsEndpoint, redact } from './nats-settings.js';
import { natsTlsOptions } from './nats-tls.js';

const TAG = 'NATS Handler';
const MBUS_TAG = 'MBus Handler';

/** `handler.Target` and `handler.Topic`: outgoing messages go to `<target>.agent.<topic>.<agent_id>`. */
export type Target = 'hm' | 'director';
export type Topic = 'heartbeat' | 'alert' | 'shutdown';

/** nats.go's `CustomReconnectDelay` in bosh-agent: 2 s × attempt, at most 10 s (10 s for a non-positive attempt). */
export function natsReconnectDelayMs(attempt: number): number {
  const ms = 2000 * attempt;
  return ms <= 0 || ms > 10_000 ? 10_000 : ms;
}

export interface NatsMbusOptions {
  readonly agentId: string;
  /** `Settings.GetMbusURLs()`: `nats://[user:password@]host:port`, several for a cluster. */
  readonly urls: readonly string[];
  /** `Settings.GetMbusCerts()`; all empty: a plain connection (bosh-agent always uses TLS). */
  readonly cert: CertKeyPair;
  readonly dispatch: (request: AgentRequest, rawBody: string) => Promise<AgentResponse>;
  readonly logger: Logger;
  /** Called once, after the first connection has been made and `agent.<agent_id>` subscribed. */
  readonly onConnected?: () => void;
  /** A failure bosh-agent exits on (it could not subscribe). */
  readonly onFatal?: (err: Error) => void;
  /** Reply size limit in bytes (bosh-agent: 1 MiB); negative: none. */
  readonly maxResponseLength?: number;
  readonly reconnectDelayMs?: (attempt: number) => number;
  /** How long one connection attempt may take. */
  readonly connectTimeoutMs?: number;
}

/**
 * bosh-agent's NATS handler (`mbus/nats_handler.go`): subscribes to `agent.<agent_id>`, hands each request to the
 * dispatcher one at a time (nats.go runs a subscription's callbacks in order) and publishes the response envelope
 * to the request's `reply_to`; `send` publishes heartbeats, alerts and shutdown notices. Like nats.go with
 * `RetryOnFailedConnect` and `MaxReconnects(-1)`, it keeps trying to connect and reconnect for ever, waiting 2, 4,
 * 6, 8, then 10 s between attempts; subscriptions are renewed on reconnect and messages sent meanwhile are
 * buffered by the client.
 */
export class NatsMbus {
  private nc: NatsConnection | undefined;
  private sub: Subscription | undefined;
  private serving: Promise<void> = Promise.resolve();
  private connecting: Promise<void> = Promise.resolve();
  private stopped = false;
  private wake: (() => void) | undefined;
  private reconnectAttempts = 0;
  /** Connected now: false before the first connection, while reconnecting and once closed. */
  private isConnected = false;
  private dialing: string | undefined;

  constructor(private readonly o: NatsMbusOptions) {}

  /** Checks the URLs and certificates, then connects in the background: returns at once. */
  start(): void {
    let options: NodeConnectionOptions;
    try {
      options = this.connectionOptions();
    } catch (e) {
      throw wrapError(e, 'Starting nats handler');
    }
    this.o.logger.info(TAG, 'Attempting to connect to NATS');
    this.connecting = this.connectLoop(options);
  }

  /**
   * `natsHandler.Send`: publishes `message` as JSON to `<target>.agent.<topic>.<agent_id>`. Before the first
   * connection nothing is sent (bosh-agent has no connection yet either); while reconnecting the client buffers
   * it. Throws once the connection is closed.
   */
  send(target: Target, topic: Topic, message: GoJson): void {
    const payload = goJsonMarshal(message);
    this.o.logger.info(TAG, `Sending ${target} message '${topic}'`);
    this.o.logger.debug(TAG, `Message Payload\n********************\n${payload}\n********************`);
    const nc = this.nc;
    if (nc === undefined) return;
    nc.publish(`${target}.agent.${topic}.${this.o.agentId}`, payload);
  }

  /** Stops taking requests, lets the one in progress answer, flushes what is buffered and closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.connecting;
    const nc = this.nc;
    if (nc === undefined) return;
    this.sub?.unsubscribe();
    await bounded(this.serving, 5000);
    if (!nc.isClosed()) {
      if (this.isConnected) await bounded(nc.flush(), 2000);
      await nc.close().catch(() => undefined);
    }
  }

  private connectionOptions(): NodeConnectionOptions {
    const endpoint = natsEndpoint(this.o.urls);
    const { cert } = this.o;
    const secure = cert.ca !== '' || cert.certificate !== '' || cert.private_key !== '';
    const tls = secure ? natsTlsOptions(cert, () => this.dialing) : null;
    if (!secure) this.o.logger.warn(TAG, 'No mbus certificate in the settings: connecting without TLS');
    return {
      servers: [...endpoint.servers],
      ...(endpoint.user === undefined ? {} : { user: endpoint.user }),
      ...(endpoint.pass === undefined ? {} : { pass: endpoint.pass }),
      ...(endpoint.token === undefined ? {} : { token: endpoint.token }),
      tls,
      timeout: this.o.connectTimeoutMs ?? 5000,
      maxReconnectAttempts: -1,
      // Reconnect pacing happens in reconnectToServer, which runs once per dial.
      reconnectDelayHandler: () => 0,
      reconnectToServer: (pool, info) => {
        const server = pool[0];
        // Called before every dial, the server to be dialed first: its host is the TLS server name.
        this.dialing = server?.hostname.replace(/^\[(.*)\]$/, '$1');
        if (info === null || server === undefined || this.stopped) return null;
        this.reconnectAttempts++;
        const delay = (this.o.reconnectDelayMs ?? natsReconnectDelayMs)(this.reconnectAttempts);
        this.o.logger.debug(TAG, `Increased reconnect to: ${String(delay)}ms`);
        return { server, delay };
      },
    };
  }

  private async connectLoop(options: NodeConnectionOptions): Promise<void> {
    const where = this.o.urls.map(redact).join(', ');
    for (let attempt = 1; !this.stopped; attempt++) {
      let nc: NatsConnection;
      try {
        nc = await connect(options);
      } catch (e) {
        if (this.isStopped()) return;
        const delay = (this.o.reconnectDelayMs ?? natsReconnectDelayMs)(attempt);
        this.o.logger.error(
          TAG,
          `Connecting to NATS at ${where}: ${describe(e)}; retrying in ${String(delay)}ms`,
        );
        await this.sleep(delay);
        continue;
      }
      if (this.isStopped()) {
        await nc.close().catch(() => undefined);
        return;
      }
      this.attach(nc);
      return;
    }
  }

  private attach(nc: NatsConnection): void {
    const { logger } = this.o;
    this.nc = nc;
    this.isConnected = true;
    logger.info(TAG, `Connected to ${nc.getServer()}`);
    void this.watch(nc);
    const subject = `agent.${this.o.agentId}`;
    logger.info(TAG, `Subscribing to ${subject}`);
    try {
      this.sub = nc.subscribe(subject);
    } catch (e) {
      const err = wrapError(e, `Subscribing to ${subject}`);
      logger.error(TAG, errorChainMessage(err));
      this.o.onFatal?.(err);
      return;
    }
    this.serving = this.serve(nc, this.sub);
    this.o.onConnected?.();
  }

  private async watch(nc: NatsConnection): Promise<void> {
    const { logger } = this.o;
    void nc.closed().then((err) => {
      this.isConnected = false;
      logger.debug(TAG, err ? `Connection Closed with: ${describe(err)}` : 'Connection Closed');
    });
    try {
      for await (const s of nc.status()) {
        if (s.type === 'disconnect') {
          this.isConnected = false;
          logger.debug(TAG, `Nats disconnected from ${s.server}`);
        } else if (s.type === 'reconnect') {
          this.isConnected = true;
          this.reconnectAttempts = 0;
          logger.debug(TAG, `Reconnected to ${s.server}`);
        } else if (s.type === 'error') {
          logger.debug(TAG, describe(s.error));
        }
      }
    } catch (e) {
      logger.debug(TAG, describe(e));
    }
  }

  private async serve(nc: NatsConnection, sub: Subscription): Promise<void> {
    try {
      for await (const msg of sub) await this.handle(nc, msg);
    } catch (e) {
      if (!this.stopped) this.o.logger.error(TAG, `Subscription ${sub.getSubject()}: ${describe(e)}`);
    }
  }

  /** `handleNatsMsg` + `PerformHandlerWithJSON`: no reply when the request does not decode. */
  private async handle(nc: NatsConnection, msg: Msg): Promise<void> {
    const { logger } = this.o;
    const body = msg.string();
    let request: AgentRequest;
    try {
      request = decodeAgentRequest(body);
    } catch (e) {
      logger.error(TAG, `Running handler: Unmarshalling JSON payload: ${describe(e)}`);
      return;
    }
    let response: AgentResponse;
    try {
      response = await this.o.dispatch(request, body);
    } catch (e) {
      logger.error(TAG, `Running handler: ${describe(e)}`);
      return;
    }
    const max = this.o.maxResponseLength ?? NATS_RESPONSE_MAX_LENGTH;
    const { json, outcome } = marshalResponse(response, max);
    if (outcome === 'truncated') {
      logger.warn(
        MBUS_TAG,
        `Response too large, exception message truncated to fit within ${String(max)} bytes`,
      );
    } else if (outcome === 'replaced') {
      logger.info(MBUS_TAG, `Building error ${RESPONSE_TOO_LONG_MESSAGE}`);
    }
    logger.info(MBUS_TAG, 'Responding');
    try {
      nc.publish(request.reply_to, json);
    } catch (e) {
      logger.error(TAG, `Publishing to the client: ${describe(e)}`);
    }
  }

  /** `stopped` may change while awaiting (a method call keeps the compiler from narrowing it). */
  private isStopped(): boolean {
    return this.stopped;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** An error's message chain, with the cause nats.js attaches (a TLS or socket error). */
function describe(e: unknown): string {
  const err = toError(e);
  const message = errorChainMessage(err);
  const cause: unknown = err.cause;
  if (cause instanceof Error && !message.includes(cause.message)) return `${message}: ${describe(cause)}`;
  return message;
}

/** Waits for `p` (ignoring its failure) at most `ms`. */
async function bounded(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    p.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}
