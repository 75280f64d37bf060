import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { encodePem } from '../adapters/credentials/pem.js';
import { encodeName, signCertificate } from '../adapters/credentials/x509-template.js';

/** A request the fake director saw. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

export interface Reply {
  readonly status?: number;
  readonly body?: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Handler = (req: SeenRequest) => Reply | Promise<Reply>;

export interface FakeTask {
  /** The states GET /tasks/<id> answers in turn; the last one stays. */
  readonly states: readonly string[];
  /** Event log lines (JSON objects): none at the first poll, one more at each next one, all once the task ended. */
  readonly events?: readonly object[];
  /** Raw output of the other types (`debug`, `cpi`, `result`). */
  readonly outputs?: Readonly<Record<string, string>>;
  readonly description?: string;
}

/** A self-signed CA certificate valid for 127.0.0.1, and its key. */
export function testCertificate(): { cert: string; key: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const subject = encodeName('US', 'Cloud Foundry', 'fake-director');
  const keyId = createHash('sha1').update(spki).digest();
  const now = BigInt(Math.floor(Date.now() / 1000));
  const der = signCertificate(
    {
      serial: BigInt('0x' + randomBytes(16).toString('hex')),
      issuer: subject,
      subject,
      notBefore: now - 60n,
      notAfter: now + 86400n,
      subjectPublicKeyInfo: spki,
      keyUsage: ['digitalSignature', 'keyEncipherment', 'keyCertSign'],
      extKeyUsage: ['serverAuth'],
      isCa: true,
      subjectKeyId: keyId,
      authorityKeyId: keyId,
      dnsNames: [],
      ipAddresses: [Uint8Array.from([127, 0, 0, 1])],
    },
    privateKey,
  );
  return {
    cert: encodePem('CERTIFICATE', der),
    key: encodePem('RSA PRIVATE KEY', privateKey.export({ type: 'pkcs1', format: 'der' })),
  };
}

const CERT = testCertificate();

/**
 * An HTTPS server that answers like a BOSH director (reference director.md §1): GET /info without auth, basic
 * auth (`admin`/`secret` by default) everywhere else (401 `Not authorized: '<path>'`), routes registered by tests,
 * and tasks: a 302 to `/tasks/<id>`, GET /tasks/<id> and its output with `Range: bytes=N-` (416 past the end).
 */
export class FakeDirector {
  readonly seen: SeenRequest[] = [];
  readonly ca = CERT.cert;
  info: Record<string, unknown> = {
    name: 'test-director',
    uuid: 'uuid-1',
    version: '282.0.0 (00000000)',
    user: null,
    cpi: 'warden_cpi',
    stemcell_os: 'ubuntu-jammy',
    stemcell_version: '1.500',
    user_authentication: { type: 'basic', options: {} },
    features: { snapshots: { status: false }, config_server: { status: true } },
  };
  users = new Map([['admin', 'secret']]);
  /** UAA bearer tokens the director accepts, and whose they are. */
  tokens = new Map<string, string>();
  private readonly routes: { method: string; path: string | RegExp; handler: Handler }[] = [];
  private readonly tasks = new Map<number, { task: FakeTask; polls: number }>();
  private server: Server | undefined;
  private port = 0;

  get url(): string {
    return `https://127.0.0.1:${this.port.toString()}`;
  }

  async start(): Promise<this> {
    this.server = createServer({ cert: CERT.cert, key: CERT.key }, (req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  on(method: string, path: string | RegExp, handler: Handler): void {
    this.routes.unshift({ method, path, handler });
  }

  json(method: string, path: string | RegExp, value: unknown, status = 200): void {
    this.on(method, path, () => ({ status, body: JSON.stringify(value) }));
  }

  /** A request that starts task `id`: answered by a redirect to `/tasks/<id>`. */
  startsTask(method: string, path: string | RegExp, id: number, task: FakeTask): void {
    this.addTask(id, task);
    this.on(method, path, () => ({ status: 302, headers: { Location: `/tasks/${id.toString()}` } }));
  }

  addTask(id: number, task: FakeTask): void {
    this.tasks.set(id, { task, polls: 0 });
  }

  /** What the requests of this method and path prefix were (path with query). */
  requests(method?: string): string[] {
    return this.seen
      .filter((r) => method === undefined || r.method === method)
      .map((r) => `${r.method} ${r.path}`);
  }

  private authorized(req: IncomingMessage): string | undefined {
    const auth = req.headers.authorization ?? '';
    if (auth.startsWith('bearer ')) return this.tokens.get(auth.slice('bearer '.length));
    if (!auth.startsWith('Basic ')) return undefined;
    const [user = '', pass] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
    return this.users.get(user) === pass ? user : undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const seen: SeenRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks),
    };
    this.seen.push(seen);
    const reply = await this.answer(seen, req);
    res.writeHead(reply.status ?? 200, reply.headers ?? {});
    res.end(reply.body ?? '');
  }

  private async answer(r: SeenRequest, req: IncomingMessage): Promise<Reply> {
    const user = this.authorized(req);
    if (r.method === 'GET' && r.path === '/info')
      return { body: JSON.stringify({ ...this.info, user: user ?? null }) };
    if (user === undefined) {
      return {
        status: 401,
        body: `Not authorized: '${r.path.split('?')[0] ?? ''}'\n`,
        headers: { 'WWW-Authenticate': 'Basic realm="BOSH Director"' },
      };
    }
    for (const route of this.routes) {
      const matches = typeof route.path === 'string' ? route.path === r.path : route.path.test(r.path);
      if (route.method === r.method && matches) return route.handler(r);
    }
    const task = /^\/tasks\/(\d+)(\/output\?type=(\w+))?$/.exec(r.path);
    if (r.method === 'GET' && task) return this.taskReply(Number(task[1]), task[3], r);
    return { status: 404, body: `Endpoint '${r.path}' not found.` };
  }

  private taskReply(id: number, type: string | undefined, r: SeenRequest): Reply {
    const entry = this.tasks.get(id);
    if (!entry)
      return {
        status: 404,
        body: JSON.stringify({ code: 10000, description: `Task ${id.toString()} not found` }),
      };
    const { task } = entry;
    const state = task.states[Math.min(entry.polls, task.states.length - 1)] ?? 'done';
    if (type === undefined) {
      entry.polls++;
      return {
        body: JSON.stringify({
          id,
          state,
          description: task.description ?? 'create release',
          timestamp: null,
          started_at: 1700000000,
          result: '',
          user: 'admin',
          deployment: null,
          context_id: '',
        }),
      };
    }
    const running = ['queued', 'processing', 'cancelling'].includes(state);
    const events = task.events ?? [];
    const shown = running ? events.slice(0, Math.max(0, entry.polls - 1)) : events;
    const text =
      type === 'event' ? shown.map((e) => JSON.stringify(e) + '\n').join('') : (task.outputs?.[type] ?? '');
    const body = Buffer.from(text);
    const range = /^bytes=(\d+)-$/.exec(r.headers.range ?? '');
    if (range === null) return { body };
    const offset = Number(range[1]);
    if (offset >= body.length) return { status: body.length === 0 ? 204 : 416 };
    return { status: 206, body: body.subarray(offset) };
  }
}
