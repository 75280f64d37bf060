import { timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { errorChainMessage, toError } from '../../base/errors.js';
import { goJsonMarshal } from '../../base/go-json.js';
import { decodeAgentRequest, type AgentRequest, type AgentResponse } from '../../protocol/agent.js';
import type { Logger } from '../logger.js';
import type { BlobManager } from '../ports.js';
import type { ServerCert } from './mbus-cert.js';

const TAG = 'https_handler';

export interface HttpsMbusOptions {
  /** The mbus URL `https://user:password@host:port`: where to listen and the only credentials accepted. */
  readonly url: URL;
  readonly cert: ServerCert;
  readonly dispatch: (request: AgentRequest, rawBody: string) => Promise<AgentResponse>;
  /** `data/blobs`, served as `/blobs/…/<id>`. */
  readonly blobs: BlobManager;
  readonly logger: Logger;
}

/**
 * bosh-agent's HTTPS mbus handler: `POST /agent` with a request envelope answers the response envelope (HTTP 200
 * even for exceptions, 500 for a body that is not a request, 404 for other methods); `GET`/`PUT /blobs/…/<id>`
 * read and write `data/blobs/<id>` (PUT answers 201). Every route needs the URL's basic auth (401 otherwise).
 */
export class HttpsMbus {
  private server: Server | undefined;
  private readonly expectedAuth: Buffer;

  constructor(private readonly options: HttpsMbusOptions) {
    const user = decodeURIComponent(options.url.username);
    const password = decodeURIComponent(options.url.password);
    this.expectedAuth = Buffer.from(`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`);
  }

  /** Listens on the URL's host and port (port 0: any free port); resolves with the bound address. */
  async start(): Promise<AddressInfo> {
    const { url, cert } = this.options;
    if (url.port === '')
      throw new Error(`Starting HTTP listener: address ${url.host}: missing port in address`);
    const server = createServer(
      { cert: cert.certificate, key: cert.privateKey, ALPNProtocols: ['http/1.1'], minVersion: 'TLSv1.2' },
      (req, res) => {
        void this.handle(req, res);
      },
    );
    this.server = server;
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e) => {
        reject(new Error(`Starting HTTP listener: listen tcp ${url.host}: ${e.message}`));
      });
      server.listen(Number(url.port), host, resolve);
    });
    const address = server.address();
    if (address === null || typeof address === 'string')
      throw new Error('Starting HTTP listener: no address');
    return address;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
      server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'https://agent').pathname;
    const route = path === '/agent' ? 'agent' : path.startsWith('/blobs/') ? 'blobs' : undefined;
    this.options.logger.info('HTTPS Dispatcher', `${req.method ?? ''} ${path}`);
    try {
      if (route === undefined) {
        end(res, 404, '404 page not found\n');
        return;
      }
      if (!this.authorized(req)) {
        res.setHeader('WWW-Authenticate', 'Basic realm=""');
        end(res, 401);
        return;
      }
      if (route === 'agent') await this.agent(req, res);
      else await this.blob(req, res, path.slice(path.lastIndexOf('/') + 1));
    } catch (e) {
      this.options.logger.error(TAG, errorChainMessage(toError(e)));
      if (!res.headersSent) end(res, 500);
      else res.destroy();
    }
  }

  private authorized(req: IncomingMessage): boolean {
    const given = Buffer.from(req.headers.authorization ?? '');
    return given.length === this.expectedAuth.length && timingSafeEqual(given, this.expectedAuth);
  }

  private async agent(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      end(res, 404);
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let request: AgentRequest;
    try {
      request = decodeAgentRequest(body);
    } catch (e) {
      this.options.logger.error(
        TAG,
        `Running handler in a nice JSON sandwich: Unmarshalling JSON payload: ${toError(e).message}`,
      );
      end(res, 500);
      return;
    }
    const response = await this.options.dispatch(request, body);
    res.setHeader('Content-Type', 'application/json');
    end(res, 200, goJsonMarshal(response));
  }

  private async blob(req: IncomingMessage, res: ServerResponse, blobId: string): Promise<void> {
    const { blobs } = this.options;
    if (req.method === 'PUT') {
      try {
        await blobs.write(blobId, req);
      } catch (e) {
        end(res, 500, errorChainMessage(toError(e)));
        return;
      }
      end(res, 201);
      return;
    }
    if (req.method !== 'GET') {
      end(res, 404);
      return;
    }
    const path = await blobs.path(blobId);
    if (path === undefined) {
      end(res, 404);
      return;
    }
    res.statusCode = 200;
    await pipeline(createReadStream(path), res);
  }
}

function end(res: ServerResponse, status: number, body?: string): void {
  res.statusCode = status;
  res.end(body);
}
