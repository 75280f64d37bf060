import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export const AGENT_BIN = resolve(import.meta.dirname, '../../bin/bosh-agent.cjs');
const BUNDLE = resolve(import.meta.dirname, '../../dist/bosh-agent.cjs');

/** Fails unless the agent bundle `bin/bosh-agent.cjs` runs has been built. */
export function assertBuilt(): void {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: build first (npm run build)`);
}

/** Polls `probe` until it returns something other than undefined (a condition, never a fixed sleep). */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await delay(25);
  }
}

export interface HttpReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface AgentOptions {
  readonly root: string;
  /** Extra or replaced settings fields. */
  readonly settings?: Record<string, unknown>;
  readonly password?: string;
  /** The CA to trust when the settings carry the mbus certificate (else the generated `bosh/mbus/ca.pem`). */
  readonly ca?: string;
  /** The loopback address to listen on; a random 127/8 one by default. */
  readonly host?: string;
}

/** A random loopback address: the whole of 127/8 reaches lo on Linux, so every test has its own. */
export function randomLoopback(): string {
  return `127.${String(randomInt(1, 255))}.${String(randomInt(0, 256))}.${String(randomInt(2, 255))}`;
}

/** Output of a child process, and its end. */
export class ChildOutput {
  readonly output: string[] = [];
  exitCode: number | null | undefined;
  readonly exited: Promise<number | null>;

  constructor(readonly process: ChildProcess) {
    process.stderr?.on('data', (d: Buffer) => this.output.push(d.toString()));
    process.stdout?.on('data', (d: Buffer) => this.output.push(d.toString()));
    this.exited = new Promise((done) => {
      process.on('exit', (code) => {
        this.exitCode = code;
        done(code);
      });
    });
  }

  get log(): string {
    return this.output.join('');
  }

  /** Resolves with the exit code once the process has ended. */
  waitExit(): Promise<number | null> {
    return this.exited;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.exitCode === undefined) this.process.kill(signal);
    await this.exited;
  }
}

/** A started agent process, before it answers. */
export interface SpawnedAgent {
  readonly child: ChildProcess;
  readonly base: string;
  readonly host: string;
  readonly port: number;
  readonly password: string;
}

/**
 * Writes `<root>/vm/bosh/settings.json` as the local CPI does and starts the agent on it, run by the command
 * `under` (which must exec it in place) when given.
 */
export async function spawnAgent(
  options: AgentOptions,
  under: readonly string[] = [],
): Promise<SpawnedAgent> {
  assertBuilt();
  const base = join(options.root, 'vm');
  const host = options.host ?? randomLoopback();
  const port = randomInt(20_000, 60_000);
  const password = options.password ?? 'mbus-password';
  await mkdir(join(base, 'bosh'), { recursive: true });
  const settings = AgentProcess.settingsFor(base, host, port, password, options.settings);
  await writeFile(join(base, 'bosh', 'settings.json'), JSON.stringify(settings));
  const command = [...under, process.execPath, AGENT_BIN, '--base-dir', base, '--log-level', 'debug'];
  const child = spawn(command[0] ?? process.execPath, command.slice(1), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, base, host, port, password };
}

/** A real `bosh-agent` process on its own loopback address, spoken to over the HTTPS mbus. */
export class HttpsAgent extends ChildOutput {
  readonly base: string;
  readonly host: string;
  readonly port: number;
  readonly password: string;

  protected constructor(
    spawned: SpawnedAgent,
    private ca: string,
  ) {
    super(spawned.child);
    this.base = spawned.base;
    this.host = spawned.host;
    this.port = spawned.port;
    this.password = spawned.password;
  }

  /** Pings until the agent answers (reading a generated CA once it exists), or fails when the agent exits. */
  async waitUntilReady(): Promise<void> {
    await waitFor('the agent to answer ping', async () => {
      if (this.exitCode !== undefined) {
        throw new Error(`agent exited with ${String(this.exitCode)}:\n${this.output.join('')}`);
      }
      if (this.ca === '') {
        const caFile = join(this.base, 'bosh', 'mbus', 'ca.pem');
        if (!existsSync(caFile)) return undefined;
        this.ca = await readFile(caFile, 'utf8');
      }
      const reply = await this.call('ping', []).catch(() => undefined);
      return reply?.status === 200 ? true : undefined;
    });
  }

  /** POST /agent with the envelope; `auth` null sends no credentials. */
  call(method: string, args: unknown[], auth: string | null = `mbus:${this.password}`): Promise<HttpReply> {
    return this.http('POST', '/agent', JSON.stringify({ method, arguments: args, reply_to: 'it' }), auth);
  }

  /** The parsed response envelope of a successful POST /agent. */
  async send(method: string, ...args: unknown[]): Promise<unknown> {
    const reply = await this.call(method, args);
    if (reply.status !== 200) throw new Error(`HTTP ${String(reply.status)} for ${method}`);
    return JSON.parse(reply.body) as unknown;
  }

  /** Starts a task and polls get_task until it is no longer running; resolves with the final envelope. */
  async runTask(method: string, ...args: unknown[]): Promise<unknown> {
    const started = (await this.send(method, ...args)) as { value?: { agent_task_id?: string } };
    const id = started.value?.agent_task_id;
    if (id === undefined) throw new Error(`${method} did not start a task: ${JSON.stringify(started)}`);
    return this.waitTask(id);
  }

  waitTask(id: string): Promise<unknown> {
    return waitFor(`task ${id}`, async () => {
      const r = (await this.send('get_task', id)) as { value?: { state?: string } };
      return r.value?.state === 'running' ? undefined : r;
    });
  }

  http(method: string, path: string, body: string | undefined, auth: string | null): Promise<HttpReply> {
    return new Promise((done, fail) => {
      const headers: Record<string, string> = {};
      if (auth !== null) headers['Authorization'] = `Basic ${Buffer.from(auth).toString('base64')}`;
      const req = request({ host: this.host, port: this.port, path, method, ca: this.ca, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() });
        });
      });
      req.on('error', fail);
      req.end(body);
    });
  }
}

/** A real `bosh-agent` process with settings for the HTTPS mbus on a loopback address. */
export class AgentProcess extends HttpsAgent {
  static settingsFor(
    base: string,
    host: string,
    port: number,
    password: string,
    extra: Record<string, unknown> = {},
  ) {
    return {
      agent_id: 'agent-it-1',
      vm: { name: 'vm-it-1', id: 'vm-it-1' },
      mbus: `https://mbus:${password}@${host}:${String(port)}`,
      ntp: [],
      blobstore: { provider: 'local', options: { blobstore_path: join(base, '..', 'blobstore') } },
      networks: {
        default: {
          type: 'manual',
          ip: host,
          netmask: '255.0.0.0',
          gateway: '127.0.0.1',
          default: ['dns', 'gateway'],
        },
      },
      disks: { system: '', ephemeral: null, persistent: {} },
      env: { bosh: {} },
      ...extra,
    };
  }

  /** Writes `<root>/vm/bosh/settings.json` as the local CPI does, starts the agent and waits for a pong. */
  static async start(options: AgentOptions): Promise<AgentProcess> {
    const agent = new AgentProcess(await spawnAgent(options), options.ca ?? '');
    await agent.waitUntilReady();
    return agent;
  }
}
