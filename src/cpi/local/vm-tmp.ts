import { isAbsolute, normalize } from 'node:path';
import { isRecord } from '../../protocol/cpi.js';

/**
 * In a mount namespace a VM's `/tmp` and `/var/tmp` are its own: both are bind-mounted from
 * `/var/vcap/data/root_tmp`, as bosh-agent does on a stemcell, so that two VMs (or a VM and the host) never share
 * a file such as a drain script's `/tmp/drain` flag. What the VM must still reach of the host's temp dirs (the
 * CPI's data dir with its disks, the agent's program, its PATH, the local blobstores of its settings, `host_paths`)
 * is mounted back at the same paths. A local blobstore that only a later update_settings names is not.
 */
const PRIVATE_TMP_DIRS: readonly string[] = ['/tmp', '/var/tmp'];

function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir === '/' ? dir : `${dir}/`);
}

/**
 * The host paths the launcher mounts back into a VM's private temp dirs: those of `paths` (absolute, resolved)
 * that lie inside one, without duplicates or paths inside another kept path, shortest first.
 */
export function keptTmpPaths(paths: readonly string[]): string[] {
  const inside = paths
    .filter((p) => isAbsolute(p))
    .map((p) => normalize(p).replace(/(.)\/+$/, '$1'))
    .filter((p) => PRIVATE_TMP_DIRS.some((dir) => isUnder(p, dir) && p !== dir))
    .sort((a, b) => a.length - b.length || a.localeCompare(b));
  const kept: string[] = [];
  for (const path of inside) if (!kept.some((k) => isUnder(path, k))) kept.push(path);
  return kept;
}

/** Where a kept path lies inside the VM's root_tmp (both /tmp and /var/tmp show it): `/tmp/a/b` is `a/b`. */
export function insideTmp(path: string): string {
  const dir = PRIVATE_TMP_DIRS.find((d) => isUnder(path, d));
  return dir === undefined ? path : path.slice(dir.length + 1);
}

/**
 * The paths a VM's agent is pointed at: the CPI's data dir, the directories of the command's absolute arguments
 * (its program and script; vm-start makes a script's the package it belongs to), the entries of its PATH, the
 * local blobstores of its settings, and `host_paths`.
 */
export function agentHostPaths(o: {
  readonly dataDir: string;
  readonly programDirs: readonly string[];
  readonly path: string | undefined;
  readonly settings: unknown;
  readonly hostPaths: readonly string[];
}): string[] {
  return [
    o.dataDir,
    ...o.programDirs,
    ...(o.path ?? '').split(':').filter((entry) => isAbsolute(entry)),
    ...localBlobstorePaths(o.settings),
    ...o.hostPaths,
  ];
}

/** `blobstore_path` of the `local` blobstores in agent settings: `blobstore` and `env.bosh.blobstores`. */
export function localBlobstorePaths(settings: unknown): string[] {
  if (!isRecord(settings)) return [];
  const bosh = isRecord(settings.env) && isRecord(settings.env.bosh) ? settings.env.bosh : {};
  const listed: unknown = bosh.blobstores;
  const blobstores: unknown[] = [settings.blobstore, ...(Array.isArray(listed) ? (listed as unknown[]) : [])];
  return blobstores.flatMap((b) =>
    isRecord(b) &&
    b.provider === 'local' &&
    isRecord(b.options) &&
    typeof b.options.blobstore_path === 'string'
      ? [b.options.blobstore_path]
      : [],
  );
}
