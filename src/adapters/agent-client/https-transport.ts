import { randomUUID } from 'node:crypto';
import { request } from 'node:https';
import type { AgentMessage, AgentTransport, SendOptions } from '../../ports/agent-client.js';

/**
 * How the director trusts an agent's HTTPS mbus certificate. `ca`: the CA that signed it (bosh-cli's create-env
 * passes the manifest's `mbus_bootstrap_ssl` CA). `insecureSkipVerify`: no verification at all — only for the
 * local CPI, whose agents sign their own certificates at boot (a VM on this host's loopback, reached by its IP);
 * the mbus password then travels to whoever answers on that IP.
 */
/** Between two deliveries of a request whose connection was refused. */
const REDELIVER_MS = 50;

export type HttpsTrust = { readonly ca: string } | { readonly insecureSkipVerify: true };

export interface HttpsTransportOptions {
  /** `https://mbus:<password>@<ip>:6868` (a path, if any, is replaced by `/agent`). */
  readonly url: string;
  readonly trust: HttpsTrust;
  /** The director's id in `reply_to` (the CLI sends its own id there); default `director`. */
  readonly replyTo?: string;
  /** Socket idle limit per request, ms (default 15 min: long requests are tasks, polled). */
  readonly socketTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

/**
 * `POST /agent` with basic auth to one agent (bosh-agent's `https_handler.go`); the body is the request JSON, the
 * response body the reply JSON (HTTP 200 even for exceptions). A refused connection is tried again every 50 ms while
 * the caller waits; any other failure (bad status, bad TLS, reset) is logged and the request left unanswered, as an
 * undeliverable NATS message is: the client's timeout reports it.
 */
export class HttpsAgentTransport implements AgentTransport {
  private readonly pending = new Map<string, (reply: unknown) => void>();
  private readonly url: URL;
  private readonly auth: string;

  constructor(private readonly options: HttpsTransportOptions) {
    this.url = new URL(options.url);
    if (this.url.protocol !== 'https:') throw new Error(`Not an HTTPS mbus URL: ${this.url.protocol}`);
    const user = decodeURIComponent(this.url.username);
    const password = decodeURIComponent(this.url.password);
    this.auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }

  send(
    _agentId: string,
    message: AgentMessage,
    onReply: (reply: unknown) => void,
    options?: SendOptions,
  ): string {
    const id = randomUUID();
    this.pending.set(id, onReply);
    const body = JSON.stringify({ ...message, reply_to: this.options.replyTo ?? 'director' });
    const trust = this.options.trust;
    const tls = 'ca' in trust ? { ca: trust.ca } : { rejectUnauthorized: false };
    const fail = (why: string): void => {
      this.pending.delete(id);
      if (options?.quiet !== true) this.log(`SENT failed: ${message.method} to ${this.url.host}: ${why}`);
    };
    const attempt = (): void => {
      const req = request(
        {
          host: this.url.hostname.replace(/^\[|\]$/g, ''),
          port: this.url.port === '' ? 443 : Number(this.url.port),
          path: '/agent',
          method: 'POST',
          headers: {
            Authorization: this.auth,
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
          },
          timeout: this.options.socketTimeoutMs ?? 900_000,
          ...tls,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('error', (e) => {
            fail(e.message);
          });
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            if (res.statusCode !== 200) {
              fail(`HTTP ${String(res.statusCode)}: ${text}`);
              return;
            }
            let reply: unknown;
            try {
              reply = text === '' ? null : (JSON.parse(text) as unknown);
            } catch (e) {
              fail(`reply is not JSON: ${(e as Error).message}`);
              return;
            }
            const callback = this.pending.get(id);
            this.pending.delete(id);
            callback?.(reply);
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('socket timeout')));
      req.on('error', (e) => {
        // Refused: nothing reached the agent (it is not listening yet: a VM still booting). Delivering again until
        // the caller stops waiting answers as soon as it is up, where a lost message would cost a whole timeout.
        if ((e as NodeJS.ErrnoException).code === 'ECONNREFUSED' && this.pending.has(id)) {
          setTimeout(() => {
            if (this.pending.has(id)) attempt();
          }, REDELIVER_MS).unref();
          return;
        }
        fail(e.message);
      });
      req.end(body);
    };
    attempt();
    return id;
  }

  /** Forgets the reply; the request itself completes (a fire-and-forget `shutdown` must still arrive). */
  cancel(requestId: string): void {
    this.pending.delete(requestId);
  }

  private log(line: string): void {
    this.options.log?.(line);
  }
}
