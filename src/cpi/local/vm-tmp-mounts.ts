import { chmod, mkdir, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { isFile } from '../../adapters/fs/exists.js';
import type { CpiEnv } from './cpi-env.js';
import { readJson } from './layout.js';
import type { DataMount } from './namespace.js';
import { agentHostPaths, insideTmp, keptTmpPaths, localBlobstorePaths } from './vm-tmp.js';

// What the CPI prepares for a VM with a private /tmp before its launcher runs (the rules are in vm-tmp.ts).

/**
 * The host paths a VM with a private /tmp keeps (vm-tmp.ts). A local blobstore of its settings is made when missing
 * (as the blobstore itself would be on first use): only a path that exists can be mounted back.
 */
export async function privateTmpKept(
  env: CpiEnv,
  vmDir: string,
  command: readonly string[],
  path: string | undefined,
): Promise<string[]> {
  const settings = await readJson(join(vmDir, 'bosh', 'settings.json')).catch(() => undefined);
  for (const dir of localBlobstorePaths(settings))
    await mkdir(dir, { recursive: true }).catch(() => undefined);
  const programDirs = await Promise.all(command.filter((arg) => isAbsolute(arg)).map(programDir));
  const paths = agentHostPaths({
    dataDir: env.layout.dataDir,
    programDirs,
    path,
    settings,
    hostPaths: env.config.hostPaths,
  });
  return keptHostPaths(paths);
}

/**
 * The directory of the agent's program or script to keep: the package it belongs to (the nearest directory above
 * it with a package.json), whose other files it loads (bosh-ts's `bin/bosh-agent.cjs` loads `dist/`), else its own.
 */
async function programDir(file: string): Promise<string> {
  const real = await realpath(file).catch(() => file);
  for (let dir = dirname(real); dir !== dirname(dir); dir = dirname(dir))
    if (await isFile(join(dir, 'package.json'))) return dir;
  return dirname(real);
}

/**
 * What the launcher would otherwise make with a process per directory: the mount points of the kept paths and,
 * when /var/vcap/data is the VM dir's own (no disk or tmpfs mounted there), its root_tmp with the kept paths in it.
 */
export async function prepareTmpMounts(
  vmDir: string,
  kept: readonly string[],
  data: DataMount | undefined,
): Promise<void> {
  for (const [n] of kept.entries())
    await mkdir(join(vmDir, '.cpi', 'keep', String(n + 1)), { recursive: true });
  if (data !== undefined) return;
  const rootTmp = join(vmDir, 'data', 'root_tmp');
  await mkdir(rootTmp, { recursive: true });
  await chmod(rootTmp, 0o1777);
  for (const path of kept) await mkdir(join(rootTmp, insideTmp(path)), { recursive: true });
}

/** The kept paths as the host resolves them (symlinks followed; missing paths and odd names left out). */
async function keptHostPaths(paths: readonly string[]): Promise<string[]> {
  const resolved = await Promise.all(paths.map((p) => realpath(p).catch(() => undefined)));
  return keptTmpPaths(resolved.filter((p): p is string => p !== undefined && !p.includes('\n')));
}
