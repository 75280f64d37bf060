import { spawnSync } from 'node:child_process';
import { rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRecord } from '../../protocol/cpi.js';
import { findExecutable } from './executables.js';
import { exists } from '../../adapters/fs/exists.js';
import type { DataMount, LaunchMode } from './namespace.js';
import { cloudError } from './response.js';

/**
 * What create_vm's `cloud_properties` ask for the VM's `/var/vcap/data`: a directory of the VM dir (nothing
 * asked), a tmpfs (`tmpfs: true | {size}`, sized by `tmpfs.size`, else `ephemeral_disk.size`), or an ext4 disk
 * of `ephemeral_disk.size` MiB. Other keys are ignored, as IaaS CPIs ignore what they do not know.
 */
export type EphemeralRequest =
  | { readonly kind: 'directory' }
  | { readonly kind: 'tmpfs'; readonly sizeMib: number | undefined }
  | { readonly kind: 'ext4'; readonly sizeMib: number };

const isSize = (v: unknown, min: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min;

/** Decodes the ephemeral-data part of `cloud_properties`; throws a CloudError naming a malformed value. */
export function ephemeralRequest(cloudProperties: Readonly<Record<string, unknown>>): EphemeralRequest {
  const disk = cloudProperties.ephemeral_disk;
  let diskSize: number | undefined;
  if (disk !== undefined && disk !== null) {
    if (!isRecord(disk))
      throw cloudError(`cloud_properties.ephemeral_disk must be a Hash, got: ${JSON.stringify(disk)}`);
    const size = disk.size;
    if (size !== undefined && size !== null) {
      if (!isSize(size, 0)) {
        throw cloudError(
          `cloud_properties.ephemeral_disk.size must be a non-negative Integer (MiB), got: ${JSON.stringify(size)}`,
        );
      }
      if (size > 0) diskSize = size;
    }
  }
  const tmpfs = cloudProperties.tmpfs;
  if (tmpfs === true) return { kind: 'tmpfs', sizeMib: diskSize };
  if (isRecord(tmpfs) && (tmpfs.size === undefined || tmpfs.size === null || isSize(tmpfs.size, 1))) {
    return { kind: 'tmpfs', sizeMib: typeof tmpfs.size === 'number' ? tmpfs.size : diskSize };
  }
  if (tmpfs !== undefined && tmpfs !== null && tmpfs !== false) {
    throw cloudError(
      `cloud_properties.tmpfs must be true, false or a Hash with a positive Integer size (MiB), got: ${JSON.stringify(tmpfs)}`,
    );
  }
  return diskSize === undefined ? { kind: 'directory' } : { kind: 'ext4', sizeMib: diskSize };
}

/** The VM's ephemeral disk image: in the VM dir, so it goes with the VM. */
export const ephemeralImage = (vmDir: string): string => join(vmDir, '.cpi', 'ephemeral.img');

/**
 * What to mount on the VM's /var/vcap/data for `request`: only as root in a mount namespace of the VM's own
 * (`mount-ns` as root, `netns`); otherwise the CPI log gets a warning and the data dir stays a directory. Makes the
 * ext4 image (a sparse file) when it does not exist yet.
 */
export async function prepareDataMount(
  request: EphemeralRequest,
  vm: { readonly cid: string; readonly dir: string; readonly mode: LaunchMode },
  log: (line: string) => void,
): Promise<DataMount | undefined> {
  if (request.kind === 'directory') return undefined;
  if (vm.mode !== 'mount-ns' && vm.mode !== 'netns') {
    const what = request.kind === 'tmpfs' ? 'a tmpfs' : `an ephemeral disk of ${request.sizeMib} MiB`;
    log(
      `WARN: ignoring cloud_properties of VM '${vm.cid}' that ask for ${what} on /var/vcap/data: mounting it ` +
        `needs root and a mount namespace of the VM's own, and the VM runs with isolation '${vm.mode}'`,
    );
    return undefined;
  }
  if (request.kind === 'tmpfs') return { kind: 'tmpfs', sizeMib: request.sizeMib };
  const image = ephemeralImage(vm.dir);
  if (!(await exists(image))) await makeExt4Image(image, request.sizeMib, vm.cid);
  return { kind: 'ext4', image };
}

async function makeExt4Image(image: string, sizeMib: number, cid: string): Promise<void> {
  const what = `Making the ${sizeMib} MiB ephemeral disk of VM '${cid}'`;
  try {
    await writeFile(image, '', { flag: 'wx' });
    await truncate(image, sizeMib * 1024 * 1024);
    const mkfs = spawnSync(findExecutable('mkfs.ext4'), ['-q', '-F', '-m', '0', image], { encoding: 'utf8' });
    if (mkfs.status !== 0) {
      const reason = (mkfs.stderr || mkfs.error?.message || `exit status ${mkfs.status ?? '?'}`).trim();
      throw new Error(`mkfs.ext4 ${image}: ${reason}`);
    }
  } catch (e) {
    await rm(image, { force: true });
    throw cloudError(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
