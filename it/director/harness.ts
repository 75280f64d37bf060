import { capture, type Captured } from '../../test/support/capture.js';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import pg from 'pg';
import { parseYaml } from '../../src/base/yaml/parse.js';
import { plainYaml } from '../../src/director/config/plain-yaml.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DIRECTOR_BIN = join(ROOT, 'bin', 'bosh-director.cjs');

export type DbKind = 'sqlite' | 'postgres';

/** Which databases the suites run on: SQLite always, PostgreSQL when BOSH_TS_TEST_POSTGRES names a server. */
export const DB_KINDS: readonly DbKind[] = process.env.BOSH_TS_TEST_POSTGRES
  ? ['sqlite', 'postgres']
  : ['sqlite'];

export interface Response {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/** A fresh PostgreSQL database on the test server (dropped by `dropDatabases`). */
const created: string[] = [];
async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.BOSH_TS_TEST_POSTGRES });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
async function postgresDb(): Promise<Record<string, unknown>> {
  const name = `bosh_ts_it_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  created.push(name);
  const url = new URL(process.env.BOSH_TS_TEST_POSTGRES ?? '');
  return {
    adapter: 'postgres',
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: name,
  };
}
export async function dropDatabases(): Promise<void> {
  for (const name of created.splice(0)) {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch(() => undefined);
  }
}

export interface DirectorOptions {
  readonly db?: DbKind;
  readonly workers?: number;
  readonly cpi?: { readonly executable: string; readonly config: string };
  /**
   * `vms.cleanup_interval` in seconds; absent: the director's default (300 s, on the minute's :00, :05, ...). Tests
   * that make VMs pass 0, or the scheduled orphaned-VM cleanup could delete their orphaned VMs under them.
   */
  readonly orphanedVmCleanupInterval?: number | undefined;
}

/**
 * A real `bosh-director` process on its embedded default in `dir` (port chosen by the OS), optionally switched to
 * PostgreSQL, another CPI, a number of workers or another orphaned-VM cleanup interval by editing the director.yml
 * it wrote on its first start, and starting it again.
 */
export class DirectorProcess {
  url = '';
  ca = '';
  password = '';
  private child: ChildProcess | undefined;
  output = '';

  private constructor(readonly dir: string) {}

  static async start(dir: string, options: DirectorOptions = {}): Promise<DirectorProcess> {
    const d = new DirectorProcess(dir);
    // The first run writes the config (its short life on the default schedule finds no orphaned VM to delete).
    await d.launch();
    const { db, workers, cpi, orphanedVmCleanupInterval: interval } = options;
    if (db !== 'postgres' && workers === undefined && cpi === undefined && interval === undefined) return d;
    await d.stop();
    const path = join(dir, 'director.yml');
    let text = await readFile(path, 'utf8');
    if (interval !== undefined) {
      const vms = `vms:\n  cleanup_interval: ${String(interval)}\n`;
      text = /^vms:\n/m.test(text) ? text.replace(/^vms:\n(?: {2}.*\n)+/m, vms) : text + vms;
    }
    if (db === 'postgres') {
      const db = await postgresDb();
      text = text.replace(
        /^db:\n(?: {2}.*\n)+/m,
        `db:\n${Object.entries(db)
          .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}\n`)
          .join('')}`,
      );
    }
    if (workers !== undefined) text = text.replace(/^workers: .*$/m, `workers: ${String(workers)}`);
    if (cpi !== undefined) {
      text = text.replace(
        /^cpi:\n(?: {2}.*\n)+/m,
        `cpi:\n  executable: ${cpi.executable}\n  config: ${cpi.config}\n`,
      );
    }
    await writeFile(path, text);
    await d.launch();
    return d;
  }

  /** Starts the process and waits for its `listening on` line. */
  async launch(): Promise<void> {
    const child = spawn(process.execPath, [DIRECTOR_BIN, '--data-dir', this.dir, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.output = '';
    child.stdout.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (this.output += d.toString()));
    const url = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => {
        fail(new Error(`director did not start:\n${this.output}`));
      }, 30_000);
      const check = () => {
        const m = /listening on (https:\/\/\S+)/.exec(this.output);
        if (m?.[1] !== undefined) {
          clearTimeout(timer);
          done(m[1]);
        }
      };
      child.stdout.on('data', check);
      child.on('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`director exited (${String(code)}):\n${this.output}`));
      });
    });
    this.url = url;
    const creds = plainYaml(parseYaml(await readFile(join(this.dir, 'creds.yml'), 'utf8'))) as Record<
      string,
      string
    >;
    this.ca = creds.director_ca ?? '';
    this.password = creds.admin_password ?? '';
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** SIGTERM and wait for the exit. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  async signal(sig: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null) return;
    await new Promise<void>((done) => {
      child.on('exit', () => {
        done();
      });
      child.kill(sig);
    });
    this.child = undefined;
  }

  /** One HTTPS request; `auth` false sends no credentials, a pair sends those instead of admin's. */
  request(
    method: string,
    path: string,
    options: {
      body?: string | Buffer | Readable;
      headers?: Record<string, string>;
      auth?: false | { user: string; password: string };
    } = {},
  ): Promise<Response> {
    const url = new URL(path, this.url);
    const headers: Record<string, string> = { ...options.headers };
    const auth = options.auth ?? { user: 'admin', password: this.password };
    if (auth !== false)
      headers.authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
    return new Promise((done, fail) => {
      const req = httpsRequest(url, { method, headers, ca: this.ca }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      });
      req.on('error', fail);
      const body = options.body;
      if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) req.end(body);
      else body.pipe(req);
    });
  }

  async json(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await this.request(method, path, {
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${String(res.status)} ${res.body.toString()}`);
    return JSON.parse(res.body.toString()) as unknown;
  }

  /** Uploads a tarball as the CLI does; returns the task id from the 302. */
  async upload(path: string, file: string | Buffer | Readable): Promise<number> {
    const body = typeof file === 'string' ? await readFile(file) : file;
    const res = await this.request('POST', path, {
      body,
      headers: { 'content-type': 'application/x-compressed' },
    });
    const location = String(res.headers.location ?? '');
    const m = /^\/tasks\/(\d+)$/.exec(location);
    if (res.status !== 302 || m?.[1] === undefined)
      throw new Error(`upload: ${String(res.status)} ${res.body.toString()}`);
    return Number(m[1]);
  }

  /** Polls the task until it is no longer queued/processing/cancelling. */
  async waitTask(id: number, timeoutMs = 60_000): Promise<{ state: string; result: string | null }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const task = (await this.json('GET', `/tasks/${String(id)}`)) as {
        state: string;
        result: string | null;
      };
      if (!['queued', 'processing', 'cancelling'].includes(task.state)) return task;
      if (Date.now() > deadline) throw new Error(`task ${String(id)} still ${task.state}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async events(id: number): Promise<Array<Record<string, unknown>>> {
    const res = await this.request('GET', `/tasks/${String(id)}/output?type=event`);
    return res.body
      .toString()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  /** Files in the blobstore. */
  async blobs(): Promise<string[]> {
    const dir = join(this.dir, 'blobstore');
    return existsSync(dir) ? (await readdir(dir)).sort() : [];
  }
}

/** A stemcell tarball as `bosh-local-cpi build-stemcell` writes it, in `dir`. */
export function buildLocalStemcell(dir: string, version = '1.0'): string {
  const out = join(dir, `stemcell-${version}.tgz`);
  const run = spawnSync(process.execPath, [
    join(ROOT, 'bin', 'bosh-local-cpi.cjs'),
    'build-stemcell',
    '--version',
    version,
    '--output',
    out,
  ]);
  if (run.status !== 0) throw new Error(run.stderr.toString());
  return out;
}

export type BoshRun = Captured;

/**
 * Runs our `bosh --tty args...` non-interactively against `d`, with a HOME of its own under `home` (so
 * `~/.bosh/config` is the test's); `env` is added to (or overrides) the director's environment variables.
 */
export function runBosh(
  d: DirectorProcess,
  args: readonly string[],
  options: { readonly home: string; readonly cwd: string; readonly env?: Readonly<Record<string, string>> },
): Promise<BoshRun> {
  return capture(process.execPath, [join(ROOT, 'bin', 'bosh.cjs'), '--tty', ...args], {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: options.home,
      BOSH_ENVIRONMENT: d.url,
      BOSH_CA_CERT: d.ca,
      BOSH_NON_INTERACTIVE: 'true',
      ...options.env,
    },
  });
}
