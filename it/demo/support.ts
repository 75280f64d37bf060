/**
 * Scaffolding of the demo tests: `npm run demo` in a temp dir of its own (HOME, data dir, a free port, a loopback
 * range of its own), and independent checks that nothing of it is left running.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { capture } from '../../test/support/capture.js';
import { runBosh, type BoshRun } from '../../test/support/run-bosh.js';
import { cpiVmCids, killProcesses, vmProcesses } from '../../test/support/vm-processes.js';

const ROOT = resolve(import.meta.dirname, '../..');

export interface DemoRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface DemoEnv {
  readonly dir: string;
  readonly home: string;
  readonly dataDir: string;
  readonly port: number;
  /** `npm run demo -- ARGS` as a user runs it, against this env. */
  demo(args?: readonly string[]): Promise<DemoRun>;
  /** Our `bosh` with this env's HOME (so its ~/.bosh/config). */
  bosh(args: readonly string[]): Promise<BoshRun>;
  /** The VM cids the local CPI has now. */
  vmCids(): Promise<string[]>;
  /** Kills whatever a failed test left (processes naming the dir, those of the demo's VMs) and removes the dir. */
  close(): Promise<void>;
}

export async function demoEnv(): Promise<DemoEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'it-demo-'));
  const home = join(dir, 'home');
  const dataDir = join(dir, 'demo');
  const port = await freePort();
  // A /24 of its own: the demo's default 127.77.0.0/24 may be taken by a demo the developer runs.
  const network = `127.${String(100 + Math.floor(Math.random() * 150))}.${String(Math.floor(Math.random() * 250))}.0/24`;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('BOSH_')) env[k] = v;
  Object.assign(env, {
    HOME: home,
    BOSH_TS_DEMO_DIR: dataDir,
    BOSH_TS_DEMO_PORT: String(port),
    BOSH_TS_DEMO_NETWORK: network,
    npm_config_update_notifier: 'false',
  });
  const vmCids = () => cpiVmCids(join(dataDir, 'director', 'cpi', 'vms'));
  return {
    dir,
    home,
    dataDir,
    port,
    demo: (args = []) => run('npm', ['run', '--silent', 'demo', '--', ...args], env),
    bosh: (args) => runBosh(args, { cwd: ROOT, env: { HOME: home } }),
    vmCids,
    close: async () => {
      const cids = await vmCids();
      if (existsSync(dataDir)) await run('npm', ['run', '--silent', 'demo', '--', '--down'], env);
      await killProcesses({ cids, cmdline: dir });
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function run(file: string, args: readonly string[], env: Record<string, string>): Promise<DemoRun> {
  return capture(file, args, { cwd: ROOT, env });
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        done(port);
      });
    });
  });
}

/** Live processes naming `dir` in their command line or carrying the CPI's marker of one of `cids`. */
export function leftovers(dir: string, cids: readonly string[]): Promise<number[]> {
  return vmProcesses({ cids, cmdline: dir });
}
