import { createReadStream } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { WrappedError } from '../../base/errors.js';
import { goTransportMessage } from './go-net-error.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A request body: bytes, or a file streamed from disk (an upload). */
export type RequestBody = string | Uint8Array | { readonly file: string; readonly size: number };

export interface TransportRequest {
  readonly method: Method;
  /** Path and query, e.g. `/tasks?limit=30`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: RequestBody;
  /** Bytes of a file body sent so far. */
  readonly onUpload?: (sent: number) => void;
}

export interface TransportResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The URL finally answered (after redirects). */
  readonly url: string;
}

export interface TransportOptions {
  readonly host: string;
  readonly port: number;
  /** PEM bundle to trust instead of the default roots. */
  readonly ca?: string;
  /** The Authorization header (bosh-cli AuthRequestAdjustment), asked again with `retried` after a 401. */
  authorization(retried: boolean): Promise<string | undefined>;
  readonly attempts?: number;
  readonly retryDelayMs?: number;
}

const REDIRECTS = new Set([301, 302, 303]);

/**
 * The director's HTTPS client as bosh-cli stacks it: a 401 is retried once with fresh credentials
 * (AdjustableClient); network errors, and 502/503/504 to a GET, are retried up to 5 times 0.5 s apart
 * (NetworkSafeRetryClient); redirects are followed with a GET to the director itself, keeping only
 * Authorization (Go's http.Client with bosh-cli's CheckRedirect). No keep-alive, as bosh-utils' default client.
 */
export class DirectorTransport {
  constructor(private readonly o: TransportOptions) {}

  get endpoint(): string {
    const host = this.o.host.includes(':') ? `[${this.o.host}]` : this.o.host;
    return `https://${host}:${this.o.port.toString()}`;
  }

  async send(req: TransportRequest): Promise<TransportResponse> {
    const first = await this.withRetries(req, await this.o.authorization(req.body !== undefined));
    if (first.status !== 401) return first;
    return this.withRetries(req, await this.o.authorization(true));
  }

  private async withRetries(req: TransportRequest, auth: string | undefined): Promise<TransportResponse> {
    const attempts = this.o.attempts ?? 5;
    let lastError: unknown;
    for (let i = 0; i < attempts; i++) {
      try {
        const resp = await this.followingRedirects(req, auth);
        const retryable = req.method === 'GET' && [502, 503, 504].includes(resp.status);
        if (!retryable || i === attempts - 1) return resp;
      } catch (e) {
        lastError = e;
      }
      await new Promise((r) => setTimeout(r, this.o.retryDelayMs ?? 500));
    }
    const err = lastError instanceof Error ? lastError : new Error(String(lastError));
    // bosh-utils wraps with "Retry"; its GET/POST/PUT helpers then flatten the chain to one line, DELETE does not.
    throw req.method === 'DELETE' ? new WrappedError('Retry', err) : new Error(`Retry: ${err.message}`);
  }

  private async followingRedirects(
    req: TransportRequest,
    auth: string | undefined,
  ): Promise<TransportResponse> {
    let current = req;
    for (let via = 0; ; via++) {
      const resp = await this.once(current, auth);
      if (!REDIRECTS.has(resp.status) || resp.headers.location === undefined) return resp;
      if (via >= 10)
        throw new Error(goTransportMessage(new Error('Too many redirects'), 'GET', resp.url, '', 0));
      const location = new URL(resp.headers.location, resp.url);
      current = { method: 'GET', path: location.pathname + location.search };
    }
  }

  private once(req: TransportRequest, auth: string | undefined): Promise<TransportResponse> {
    const url = this.endpoint + req.path;
    const headers: Record<string, string> = { ...req.headers };
    if (auth !== undefined) headers['Authorization'] = auth;
    const body = req.body;
    if (body !== undefined) {
      headers['Content-Length'] = (
        typeof body === 'string' || body instanceof Uint8Array ? Buffer.byteLength(body) : body.size
      ).toString();
    }
    return new Promise((resolve, reject) => {
      const fail = (e: unknown): void => {
        reject(new Error(goTransportMessage(e, req.method, url, this.o.host, this.o.port)));
      };
      const r = request(
        {
          host: this.o.host,
          port: this.o.port,
          method: req.method,
          path: req.path,
          headers,
          agent: false,
          ...(this.o.ca !== undefined ? { ca: this.o.ca } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', fail);
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url });
          });
        },
      );
      r.on('error', fail);
      if (body === undefined) {
        r.end();
      } else if (typeof body === 'string' || body instanceof Uint8Array) {
        r.end(body);
      } else {
        let sent = 0;
        const stream = createReadStream(body.file);
        stream.on('data', (c) => {
          sent += c.length;
          req.onUpload?.(sent);
        });
        stream.on('error', (e) => {
          r.destroy(e);
        });
        stream.pipe(r);
      }
    });
  }
}
