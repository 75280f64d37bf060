import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { AGENT_BIN, AgentProcess, randomLoopback, waitFor } from '../agent/harness.js';

const BUNDLE = resolve(import.meta.dirname, '../../dist/bosh-agent.cjs');
const run = promisify(execFile);

/**
 * A real `bosh-agent` started in a private mount namespace (`unshare --mount --propagation private`): what it
 * mounts (the job dir tmpfs) is seen by it and its scripts only, never by the host, and goes away with it. Speaks
 * the HTTPS mbus like `AgentProcess`.
 */
export class NamespacedAgent {
  readonly output: string[] = [];
  private exitCode: number | null | undefined;
  private readonly exited: Promise<number | null>;
  private ca = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly base: string,
    readonly host: string,
    readonly port: number,
    readonly password: string,
  ) {
    child.stderr?.on('data', (d: Buffer) => this.output.push(d.toString()));
    child.stdout?.on('data', (d: Buffer) => this.output.push(d.toString()));
    this.exited = new Promise((done) => {
      child.on('exit', (code) => {
        this.exitCode = code;
        done(code);
      });
    });
  }

  /** The agent's pid (unshare execs the agent in place, so it is the namespace's first process). */
  get pid(): number {
    const pid = this.child.pid;
    if (pid === undefined) throw new Error('agent has no pid');
    return pid;
  }

  static async start(root: string, settings: Record<string, unknown>): Promise<NamespacedAgent> {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: build first (npm run build)`);
    const base = join(root, 'vm');
    const host = randomLoopback();
    const port = randomInt(20_000, 60_000);
    const password = 'mbus-password';
    await mkdir(join(base, 'bosh'), { recursive: true });
    await writeFile(
      join(base, 'bosh', 'settings.json'),
      JSON.stringify(AgentProcess.settingsFor(base, host, port, password, settings)),
    );
    const child = spawn(
      'unshare',
      [
        '--mount',
        '--propagation',
        'private',
        process.execPath,
        AGENT_BIN,
        '--base-dir',
        base,
        '--log-level',
        'debug',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const agent = new NamespacedAgent(child, base, host, port, password);
    await agent.waitUntilReady();
    return agent;
  }

  private async waitUntilReady(): Promise<void> {
    await waitFor('the agent to answer ping', async () => {
      if (this.exitCode !== undefined) {
        throw new Error(`agent exited with ${String(this.exitCode)}:\n${this.output.join('')}`);
      }
      if (this.ca === '') {
        const caFile = join(this.base, 'bosh', 'mbus', 'ca.pem');
        if (!existsSync(caFile)) return undefined;
        this.ca = await readFile(caFile, 'utf8');
      }
      const reply = await this.post('ping', []).catch(() => undefined);
      return reply?.status === 200 ? true : undefined;
    });
  }

  /** The mount table the agent sees (`/proc/<pid>/mountinfo`). */
  mountinfo(): Promise<string> {
    return readFile(`/proc/${String(this.pid)}/mountinfo`, 'utf8');
  }

  /** Unmounts `dir` inside the agent's namespace (best effort: nothing to do when it is not mounted). */
  async unmountInside(dir: string): Promise<void> {
    if (this.exitCode !== undefined) return;
    await run('nsenter', ['--target', String(this.pid), '--mount', 'umount', dir]).catch(() => undefined);
  }

  async send(method: string, ...args: unknown[]): Promise<unknown> {
    const reply = await this.post(method, args);
    if (reply.status !== 200) throw new Error(`HTTP ${String(reply.status)} for ${method}`);
    return JSON.parse(reply.body) as unknown;
  }

  async runTask(method: string, ...args: unknown[]): Promise<unknown> {
    const started = (await this.send(method, ...args)) as { value?: { agent_task_id?: string } };
    const id = started.value?.agent_task_id;
    if (id === undefined) throw new Error(`${method} did not start a task: ${JSON.stringify(started)}`);
    return waitFor(`task ${id}`, async () => {
      const r = (await this.send('get_task', id)) as { value?: { state?: string } };
      return r.value?.state === 'running' ? undefined : r;
    });
  }

  async kill(): Promise<void> {
    if (this.exitCode === undefined) this.child.kill('SIGKILL');
    await this.exited;
  }

  private post(method: string, args: unknown[]): Promise<{ status: number; body: string }> {
    const body = JSON.stringify({ method, arguments: args, reply_to: 'it' });
    const auth = `Basic ${Buffer.from(`mbus:${this.password}`).toString('base64')}`;
    return new Promise((done, fail) => {
      const req = request(
        {
          host: this.host,
          port: this.port,
          path: '/agent',
          method: 'POST',
          ca: this.ca,
          headers: { Authorization: auth },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => {
            done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() });
          });
        },
      );
      req.on('error', fail);
      req.end(body);
    });
  }
}
