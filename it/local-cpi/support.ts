import { capture } from '../../test/support/capture.js';
import { spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { decodeCpiResponse, type CpiResponse } from '../../src/protocol/cpi.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Bundles the CPI from the current sources exactly as the build does (esbuild, CommonJS, node20) into
 * `<dir>/dist/bosh-local-cpi.cjs` next to a copy of the real `bin/bosh-local-cpi.cjs`, so the tests run the
 * executable as shipped without depending on a stale `dist/`. Returns the bin's path.
 */
export async function bundleCpi(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'local-cpi-bundle-'));
  await chmod(dir, 0o755);
  await mkdir(join(dir, 'bin'), { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'src', 'cpi', 'local', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    outfile: join(dir, 'dist', 'bosh-local-cpi.cjs'),
  });
  const bin = join(dir, 'bin', 'bosh-local-cpi.cjs');
  await copyFile(join(ROOT, 'bin', 'bosh-local-cpi.cjs'), bin);
  return bin;
}

export interface CpiRun {
  readonly exit: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly response: CpiResponse;
}

/** Runs the CPI once as the director does: request on stdin, env reduced to PATH, HOME and TMPDIR. */
export async function runCpi(
  bin: string,
  argv: readonly string[],
  stdin: string,
  as?: { uid: number; gid: number },
  env: Readonly<Record<string, string>> = {},
): Promise<CpiRun> {
  const run = await capture(process.execPath, [bin, ...argv], {
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', HOME: tmpdir(), TMPDIR: tmpdir(), ...env },
    input: stdin,
    ...(as ?? {}),
  });
  const decoded = decodeCpiResponse(run.stdout);
  if (!decoded.ok) throw new Error(`${decoded.error.message}\nstderr: ${run.stderr}`);
  return { exit: run.code, stdout: run.stdout, stderr: run.stderr, response: decoded.value };
}

export interface Harness {
  readonly dir: string;
  readonly dataDir: string;
  readonly configPath: string;
  readonly bin: string;
  /** Sends `{method, arguments, context, api_version}`; `apiVersion: null` sends a v1 request. */
  call(method: string, args: readonly unknown[], apiVersion?: number | null): Promise<CpiResponse>;
  /** Calls and expects success. */
  ok(method: string, args: readonly unknown[], apiVersion?: number | null): Promise<unknown>;
  vmDir(cid: string): string;
  /** A stemcell made from an empty image file. */
  stemcell(): Promise<string>;
}

export interface HarnessOptions {
  readonly config?: Record<string, unknown>;
  readonly as?: { uid: number; gid: number };
  /** Extra environment of the CPI process. */
  readonly cpiEnv?: Readonly<Record<string, string>>;
}

/** A temp dir with a bundled CPI, the tiny agent and a config whose agents carry `LOCAL_CPI_TEST_RUN=<dir>`. */
export async function makeHarness(bin: string, options: HarnessOptions = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'local-cpi-'));
  const agent = join(dir, 'tiny-agent.sh');
  await copyFile(join(ROOT, 'it', 'local-cpi', 'tiny-agent.sh'), agent);
  await chmod(agent, 0o755);
  const dataDir = join(dir, 'data');
  const configPath = join(dir, 'cpi.json');
  const config = {
    data_dir: dataDir,
    agent: { mbus: 'https://mbus:secret@{ip}:6868', ntp: ['0.pool.ntp.org'] },
    agent_command: [agent],
    agent_env: { LOCAL_CPI_TEST_RUN: dir },
    ...options.config,
  };
  await writeFile(configPath, JSON.stringify(config));
  if (options.as) await chownTree(dir, options.as);
  const call = async (method: string, args: readonly unknown[], apiVersion: number | null = 2) => {
    const request = {
      method,
      arguments: args,
      context: { director_uuid: 'director-1', request_id: 'cpi-1' },
      ...(apiVersion === null ? {} : { api_version: apiVersion }),
    };
    const run = await runCpi(bin, [configPath], JSON.stringify(request), options.as, options.cpiEnv);
    if (run.exit !== 0 || run.stderr !== '') throw new Error(`CPI exited ${run.exit}: ${run.stderr}`);
    return run.response;
  };
  const ok = async (method: string, args: readonly unknown[], apiVersion: number | null = 2) => {
    const response = await call(method, args, apiVersion);
    if (response.error)
      throw new Error(`${method} failed: ${JSON.stringify(response.error)}\n${response.log}`);
    return response.result;
  };
  const image = join(dir, 'image');
  await writeFile(image, '');
  return {
    dir,
    dataDir,
    configPath,
    bin,
    call,
    ok,
    vmDir: (cid) => join(dataDir, 'vms', cid),
    stemcell: async () => String(await ok('create_stemcell', [image, {}])),
  };
}

async function chownTree(dir: string, as: { uid: number; gid: number }): Promise<void> {
  const { chown } = await import('node:fs/promises');
  await chmod(dir, 0o755);
  await chown(dir, as.uid, as.gid);
  for (const entry of await readdir(dir, { recursive: true })) await chown(join(dir, entry), as.uid, as.gid);
}

/** Live (non-zombie) processes whose environment contains `name=value`. */
export async function processesWithEnv(name: string, value: string): Promise<number[]> {
  const needle = `${name}=${value}`;
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const environ = await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '');
    if (!environ.split('\0').includes(needle)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    if (state !== undefined && state !== 'Z' && state !== '') pids.push(Number(entry));
  }
  return pids;
}

export const vmProcesses = (cid: string) => processesWithEnv('BOSH_LOCAL_CPI_VM_CID', cid);

/** `/proc/<pid>/stat` fields after the command: [state, ppid, pgrp, session, ...]. */
export async function procFields(pid: number): Promise<string[]> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

export async function cmdline(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' ').trim();
}

/** Removes a bundle made by `bundleCpi`. */
export async function removeBundle(bin: string | undefined): Promise<void> {
  if (bin !== undefined) await rm(dirname(dirname(bin)), { recursive: true, force: true });
}

/** Kills whatever the harness's VMs left running and removes its directory. */
export async function destroyHarness(h: Harness | undefined): Promise<void> {
  if (!h) return;
  for (let round = 0; round < 100; round++) {
    const pids = await processesWithEnv('LOCAL_CPI_TEST_RUN', h.dir);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    await new Promise((r) => setImmediate(r));
  }
  // Without isolation an agent's mounts are in this mount namespace: remove them before the files.
  const mounts = (await readFile('/proc/self/mountinfo', 'utf8'))
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((mountPoint) => mountPoint.startsWith(`${h.dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const mountPoint of mounts) spawnSync('umount', ['-l', mountPoint]);
  await rm(h.dir, { recursive: true, force: true });
}

/** Polls `probe` until it returns a value other than undefined/false, failing after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pause));
  }
}

export async function readJsonFile(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}

export async function readText(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(() => undefined);
}

/** The bundled CPI bin and the test's harness: live bindings, set by `useCpiHarness`. */
export let bin: string;
export let h: Harness;

/** Bundles the CPI once for the file (`bin`) and makes a fresh harness `h` with `options` for each test. */
export function useCpiHarness(options?: HarnessOptions): void {
  beforeAll(async () => {
    bin = await bundleCpi();
  });
  afterAll(() => removeBundle(bin));
  beforeEach(async () => {
    h = await makeHarness(bin, options);
  });
  afterEach(() => destroyHarness(h));
}
