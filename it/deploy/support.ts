/**
 * The scaffolding of deploy tests: a test dir, the embedded director with a local stemcell, a fixture release and
 * a cloud config uploaded, our CLI as the admin, and the teardown that ends every VM process of the test.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { cpiVmCids, killProcesses } from '../../test/support/vm-processes.js';
import {
  buildLocalStemcell,
  DirectorProcess,
  runBosh,
  type BoshRun,
  type DirectorOptions,
} from '../director/harness.js';
import { defaultCloudConfig, loopbackRange, type CloudOptions } from './cloud-config.js';
import { fixtureRelease } from './web-release.js';

export interface DeployEnv {
  readonly dir: string;
  readonly director: DirectorProcess;
  /** Our `bosh` CLI as the admin, with a HOME of its own under the test dir. */
  bosh(args: readonly string[], env?: Readonly<Record<string, string>>): Promise<BoshRun>;
  /** Ends the director and every process of the test's VMs, removes the dir. */
  close(): Promise<void>;
}

/**
 * `release` builds the release's tarball in the test dir (the fixture release by default);
 * `orphanedVmCleanupInterval` turns the director's scheduled orphaned-VM cleanup on (off by default).
 */
export type DeployOptions = CloudOptions &
  Pick<DirectorOptions, 'orphanedVmCleanupInterval'> & {
    readonly release?: (dir: string) => Promise<string>;
  };

/** The local CPI's data dir of the env (`vms/<cid>`, `disks/<cid>`), or `parts` under it. */
export function cpiDir(env: Pick<DeployEnv, 'dir'>, ...parts: string[]): string {
  return join(env.dir, 'director', 'cpi', ...parts);
}

/**
 * Kills every process whose command line names `dir`, and every process of the VMs the CPI has under `dir` (VMs
 * outlive the director by design; their jobs' processes name no dir, but carry their VM's marker).
 */
export async function killVmProcesses(dir: string): Promise<void> {
  await killProcesses({ cids: await cpiVmCids(cpiDir({ dir }, 'vms')), cmdline: dir });
}

/** A director with a local stemcell, a release and a cloud config uploaded. */
export async function deployEnv(prefix: string, o: DeployOptions = {}): Promise<DeployEnv> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  let director: DirectorProcess | undefined;
  const close = async () => {
    await director?.stop();
    await killVmProcesses(dir);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    director = await DirectorProcess.start(join(dir, 'director'), {
      orphanedVmCleanupInterval: o.orphanedVmCleanupInterval ?? 0,
    });
    const d = director;
    const bosh = (args: readonly string[], env: Readonly<Record<string, string>> = {}) =>
      runBosh(d, args, {
        home: join(dir, 'home'),
        cwd: dir,
        env: { BOSH_CLIENT: 'admin', BOSH_CLIENT_SECRET: d.password, ...env },
      });
    expect((await bosh(['upload-stemcell', buildLocalStemcell(dir)])).code).toBe(0);
    expect((await bosh(['upload-release', await (o.release ?? fixtureRelease)(dir)])).code).toBe(0);
    const cloud = join(dir, 'cloud.yml');
    // The range is the local CPI's cloud property: each test's VMs get addresses of their own.
    const range = `${loopbackRange()}.0/24`;
    const subnet = o.subnet ?? { az: 'z1', dns: [], cloud_properties: { range } };
    await writeFile(cloud, stringify(o.cloudConfig ?? defaultCloudConfig(subnet)));
    expect((await bosh(['update-cloud-config', cloud])).code).toBe(0);
    return { dir, director: d, bosh, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * An env per test: the function it gives makes the test's env (as `deployEnv`), which is closed after the test.
 * Call it at the top of a test file.
 */
export function perTestDeployEnv(): (prefix: string, o?: DeployOptions) => Promise<DeployEnv> {
  let env: DeployEnv | undefined;
  afterEach(async () => {
    await env?.close();
    env = undefined;
  }, 60_000);
  return async (prefix, o) => (env = await deployEnv(prefix, o));
}

/**
 * An env of the whole test file, made (then `setup`, e.g. a first deploy) in a beforeAll of `timeoutMs` and closed in
 * an afterAll; what it gives stands for that env once it is made. Call it at the top of a test file.
 */
export function sharedDeployEnv(
  prefix: string,
  o: DeployOptions = {},
  setup?: (env: DeployEnv) => Promise<void>,
  timeoutMs = 120_000,
): DeployEnv {
  let env: DeployEnv | undefined;
  beforeAll(async () => {
    env = await deployEnv(prefix, o);
    await setup?.(env);
  }, timeoutMs);
  afterAll(async () => {
    await env?.close();
    env = undefined;
  }, 60_000);
  const current = (): DeployEnv => {
    if (env === undefined) throw new Error(`no ${prefix} env: its beforeAll has not made one`);
    return env;
  };
  return {
    get dir() {
      return current().dir;
    },
    get director() {
      return current().director;
    },
    bosh: (args, extra) => current().bosh(args, extra),
    close: () => current().close(),
  };
}
