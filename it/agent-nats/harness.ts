import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkServerIdentity, type ConnectionOptions } from 'node:tls';
import { connect, type Msg, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';
import { afterEach, beforeEach } from 'vitest';
import { AGENT_BIN, assertBuilt, ChildOutput, waitFor } from '../agent/harness.js';

const NATS_SERVER =
  process.env['NATS_SERVER'] ??
  (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');

export const NATS_USER = 'nats';
export const NATS_PASSWORD = 'nats-password';

export { waitFor };

export interface ServerTls {
  readonly certificate: string;
  readonly privateKey: string;
  readonly ca: string;
}

/** A real nats-server on 127.0.0.1 with user/password auth and, optionally, TLS requiring client certificates. */
export class NatsServer {
  private constructor(
    private child: ChildOutput,
    private readonly config: string,
    readonly port: number,
  ) {}

  /** Starts on `port` (a free one chosen by the server when absent) and waits until it listens. */
  static async start(dir: string, tls?: ServerTls, port?: number): Promise<NatsServer> {
    await mkdir(dir, { recursive: true });
    const lines = [
      'host: "127.0.0.1"',
      `port: ${String(port ?? -1)}`,
      `authorization { user: "${NATS_USER}", password: "${NATS_PASSWORD}" }`,
    ];
    if (tls) {
      await writeFile(join(dir, 'server.pem'), tls.certificate);
      await writeFile(join(dir, 'server.key'), tls.privateKey, { mode: 0o600 });
      await writeFile(join(dir, 'ca.pem'), tls.ca);
      lines.push(
        `tls { cert_file: "${join(dir, 'server.pem')}", key_file: "${join(dir, 'server.key')}", ca_file: "${join(dir, 'ca.pem')}", verify: true, timeout: 5 }`,
      );
    }
    const config = join(dir, 'nats.conf');
    await writeFile(config, lines.join('\n') + '\n');
    const { child, port: bound } = await NatsServer.spawn(config);
    return new NatsServer(child, config, bound);
  }

  private static async spawn(config: string): Promise<{ child: ChildOutput; port: number }> {
    const child = new ChildOutput(spawn(NATS_SERVER, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] }));
    const port = await waitFor(
      'nats-server to listen',
      () => {
        if (child.exitCode !== undefined) throw new Error(`nats-server exited:\n${child.log}`);
        const m = /Listening for client connections on [\d.]+:(\d+)[\s\S]*Server is ready/.exec(child.log);
        return m?.[1] === undefined ? undefined : Number(m[1]);
      },
      15_000,
    );
    return { child, port };
  }

  get url(): string {
    return `nats://${NATS_USER}:${NATS_PASSWORD}@127.0.0.1:${String(this.port)}`;
  }

  /** Kills the server (SIGKILL: no goodbye to the clients). */
  async kill(): Promise<void> {
    await this.child.kill();
  }

  /** Kills it and starts it again on the same port and configuration (trusting `ca` instead, when given). */
  async restart(ca?: string): Promise<void> {
    await this.child.kill();
    const config = await readFile(this.config, 'utf8');
    await writeFile(this.config, config.replace(/^port: .*$/m, `port: ${String(this.port)}`));
    if (ca !== undefined) await writeFile(join(dirname(this.config), 'ca.pem'), ca);
    const { child, port } = await NatsServer.spawn(this.config);
    this.child = child;
    if (port !== this.port)
      throw new Error(`nats-server came back on ${String(port)}, not ${String(this.port)}`);
  }

  get log(): string {
    return this.child.log;
  }
}

/** Client-side TLS for the test director. */
export interface ClientTls {
  readonly ca: string;
  readonly certificate?: string;
  readonly privateKey?: string;
}

/**
 * The NATS client gives Node no server name when it dials an IP, so Node would check the certificate against
 * `localhost`: check it against the address dialed.
 */
export function clientTlsOptions(
  tls: ClientTls,
): NonNullable<NodeConnectionOptions['tls']> & Pick<ConnectionOptions, 'checkServerIdentity'> {
  return {
    ca: tls.ca,
    checkServerIdentity: (_host, cert) => checkServerIdentity('127.0.0.1', cert),
    ...(tls.certificate === undefined ? {} : { cert: tls.certificate }),
    ...(tls.privateKey === undefined ? {} : { key: tls.privateKey }),
  };
}

export interface Received {
  readonly subject: string;
  readonly at: number;
  readonly payload: unknown;
}

/**
 * The director's side of the protocol (`nats_rpc.rb`): one inbox `director.<uuid>.>`; each request goes to
 * `agent.<agent_id>` with `reply_to = director.<uuid>.<agent_id>.<request id>`; replies are matched on the last token.
 * Also collects what agents send to the health monitor.
 */
export class Director {
  readonly uuid = randomUUID();
  readonly hm: Received[] = [];
  private readonly pending = new Map<string, (payload: unknown) => void>();

  private constructor(readonly nc: NatsConnection) {
    nc.subscribe(`director.${this.uuid}.>`, {
      callback: (_err, msg) => {
        const id = msg.subject.split('.').at(-1) ?? '';
        this.pending.get(id)?.(parse(msg));
      },
    });
    nc.subscribe('hm.agent.>', {
      callback: (_err, msg) => {
        this.hm.push({ subject: msg.subject, at: Date.now(), payload: parse(msg) });
      },
    });
  }

  static async connect(port: number, tls?: ClientTls): Promise<Director> {
    const nc = await connect({
      servers: [`127.0.0.1:${String(port)}`],
      user: NATS_USER,
      pass: NATS_PASSWORD,
      tls: tls ? clientTlsOptions(tls) : null,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
      reconnectJitter: 0,
      reconnectJitterTLS: 0,
    });
    const director = new Director(nc);
    await nc.flush();
    return director;
  }

  /** Sends one request and waits for its reply (rejects after `timeoutMs`). */
  request(agentId: string, method: string, args: unknown[], timeoutMs = 5000): Promise<unknown> {
    const id = randomUUID();
    return new Promise((done, fail) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        fail(new Error(`no reply to ${method} within ${String(timeoutMs)}ms`));
      }, timeoutMs);
      this.pending.set(id, (payload) => {
        clearTimeout(timer);
        this.pending.delete(id);
        done(payload);
      });
      this.publishRaw(
        `agent.${agentId}`,
        JSON.stringify({
          protocol: 3,
          method,
          arguments: args,
          reply_to: `director.${this.uuid}.${agentId}.${id}`,
        }),
      );
    });
  }

  publishRaw(subject: string, body: string): void {
    this.nc.publish(subject, body);
  }

  /** `wait_until_ready`: pings with a 1 s timeout until the agent answers. */
  async waitUntilReady(agentId: string, agent?: AgentProcess, timeoutMs = 30_000): Promise<void> {
    await waitFor(
      `agent ${agentId} to answer ping`,
      async () => {
        if (agent && agent.exitCode !== undefined) throw new Error(`agent exited:\n${agent.log}`);
        return this.request(agentId, 'ping', [], 1000).catch(() => undefined);
      },
      timeoutMs,
    );
  }

  /** Starts a task and polls get_task every 100 ms while it runs; resolves with the final envelope. */
  async runTask(agentId: string, method: string, ...args: unknown[]): Promise<unknown> {
    const started = (await this.request(agentId, method, args)) as { value?: { agent_task_id?: string } };
    const id = started.value?.agent_task_id;
    if (id === undefined) throw new Error(`${method} did not start a task: ${JSON.stringify(started)}`);
    return this.waitTask(agentId, id);
  }

  waitTask(agentId: string, taskId: string): Promise<unknown> {
    return waitFor(`task ${taskId}`, async () => {
      const r = (await this.request(agentId, 'get_task', [taskId])) as { value?: { state?: string } };
      return r.value?.state === 'running' ? undefined : r;
    });
  }

  received(subject: string): Received[] {
    return this.hm.filter((m) => m.subject === subject);
  }

  async close(): Promise<void> {
    await this.nc.close();
  }
}

function parse(msg: Msg): unknown {
  const text = msg.string();
  return text === '' ? null : (JSON.parse(text) as unknown);
}

export interface AgentStart {
  readonly root: string;
  readonly agentId: string;
  readonly mbus: string;
  readonly cert?: { readonly ca: string; readonly certificate: string; readonly private_key: string };
  readonly heartbeatMs?: number;
  readonly ip?: string;
}

/** A real `bosh-agent` process whose settings point at a NATS mbus. */
export class AgentProcess extends ChildOutput {
  private constructor(
    child: ChildProcess,
    readonly base: string,
  ) {
    super(child);
  }

  static async start(o: AgentStart): Promise<AgentProcess> {
    assertBuilt();
    const base = join(o.root, 'vm');
    await mkdir(join(base, 'bosh'), { recursive: true });
    const settings = {
      agent_id: o.agentId,
      vm: { name: `vm-${o.agentId}`, id: `vm-${o.agentId}` },
      mbus: o.mbus,
      ntp: [],
      blobstore: { provider: 'local', options: { blobstore_path: join(o.root, 'blobstore') } },
      networks: {
        default: {
          type: 'manual',
          ip: o.ip ?? '127.0.0.1',
          netmask: '255.0.0.0',
          gateway: '127.0.0.1',
          default: ['dns', 'gateway'],
        },
      },
      disks: { system: '', ephemeral: null, persistent: {} },
      env: { bosh: o.cert ? { mbus: { cert: o.cert } } : {} },
    };
    await writeFile(join(base, 'bosh', 'settings.json'), JSON.stringify(settings));
    const child = spawn(process.execPath, [AGENT_BIN, '--base-dir', base, '--log-level', 'debug'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, BOSH_AGENT_HEARTBEAT_INTERVAL_MS: String(o.heartbeatMs ?? 30_000) },
    });
    return new AgentProcess(child, base);
  }

  /** SIGTERM, as an init system stops it. */
  terminate(): Promise<void> {
    return this.kill('SIGTERM');
  }
}

/** What a test started: `useNatsRoot` stops it after the test. */
export const running: {
  server?: NatsServer | undefined;
  director?: Director | undefined;
  agent?: AgentProcess | undefined;
} = {};

/** The test's temp dir: a live binding, set afresh before each test by `useNatsRoot`. */
export let root: string;

/** A fresh `root` (named `<prefix>…`) before each test; after it, stops what is `running` and removes `root`. */
export function useNatsRoot(prefix: string): void {
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await running.agent?.kill();
    await running.director?.close().catch(() => undefined);
    await running.server?.kill();
    running.agent = undefined;
    running.director = undefined;
    running.server = undefined;
    await rm(root, { recursive: true, force: true });
  });
}
