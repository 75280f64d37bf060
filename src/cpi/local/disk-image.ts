import { execFile } from 'node:child_process';
import { readdir, readFile, realpath, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { findExecutable } from './executables.js';
import { cloudError } from './response.js';

/**
 * How a persistent disk of the local CPI holds its data: a directory the agent bind-mounts on `/var/vcap/store`, or
 * an ext4 file system in a sparse image file the agent loop-mounts there (a disk with a real size and its own file
 * system; loop mounts need root).
 */
export type DiskFormat = 'directory' | 'ext4-image';
export const DISK_FORMATS: readonly DiskFormat[] = ['directory', 'ext4-image'];

/**
 * The format `cloud_properties.type` asks for, or `fallback` (the config's `persistent_disk_type`) when it names
 * none: other types (what an IaaS calls its volume types) are ignored, as IaaS CPIs ignore what they do not know.
 */
export function diskFormat(
  cloudProperties: Readonly<Record<string, unknown>>,
  fallback: DiskFormat,
): DiskFormat {
  return DISK_FORMATS.find((f) => f === cloudProperties.type) ?? fallback;
}

/** Refuses image disks to a CPI that is not root (`uid`): the agent could not mount them. */
export function checkImageDisksAllowed(uid: number | undefined): void {
  if (uid === 0) return;
  throw cloudError(
    "Disk type 'ext4-image' needs root: the agent loop-mounts the image on /var/vcap/store (mount -o loop), " +
      "which only root may do; run the CPI as root or use disk type 'directory'",
  );
}

/** What attach_disk answers (and writes into the VM's settings) for a disk: its directory, or its image. */
export function diskHint(
  format: DiskFormat,
  paths: { readonly data: string; readonly image: string },
): unknown {
  return format === 'ext4-image' ? { path: paths.image, format } : paths.data;
}

/** A new sparse image of `sizeMib` MiB holding an empty ext4 file system (`mkfs.ext4 -F -q`). */
export async function createImage(image: string, sizeMib: number): Promise<void> {
  await writeFile(image, '', { flag: 'wx' });
  await truncate(image, sizeMib * MIB);
  await run('mkfs.ext4', ['-F', '-q', image]);
}

/** Grows an image and its file system to `sizeMib` MiB: truncate, `e2fsck -fy` (resize2fs asks for it), `resize2fs`. */
export async function growImage(image: string, sizeMib: number): Promise<void> {
  await truncate(image, sizeMib * MIB);
  // e2fsck exits 1 or 2 when it corrected something: the file system is fine then.
  await run('e2fsck', ['-fy', image], (status) => status <= 2);
  await run('resize2fs', [image]);
}

/** The loop devices (`/dev/loopN`) backed by `image`, i.e. mounted (or being unmounted) in some VM. */
export async function loopDevicesOf(image: string, sysBlock = '/sys/block'): Promise<string[]> {
  const target = await realpath(image).catch(() => image);
  const devices: string[] = [];
  for (const name of await readdir(sysBlock).catch(() => [] as string[])) {
    if (!name.startsWith('loop')) continue;
    const backing = await readFile(join(sysBlock, name, 'loop', 'backing_file'), 'utf8').catch(() => '');
    if (backing.trim() === target) devices.push(`/dev/${name}`);
  }
  return devices;
}

/**
 * Waits (up to `timeoutMs`) until no loop device is backed by `image` any more and returns those still left: a VM's
 * mounts go away with its mount namespace, shortly after its last process died.
 */
export async function waitUntilReleased(image: string, timeoutMs = 5000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const devices = await loopDevicesOf(image);
    if (devices.length === 0 || Date.now() >= deadline) return devices;
    await delay(50);
  }
}

const MIB = 1024 * 1024;

/** Runs a program (found as a root shell would) to completion; rejects with its command line and stderr. */
function run(
  program: string,
  args: readonly string[],
  ok: (status: number) => boolean = (status) => status === 0,
): Promise<void> {
  const path = findExecutable(program);
  return new Promise((resolve, reject) => {
    execFile(path, [...args], { encoding: 'utf8' }, (error, _stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === 'number' ? error.code : undefined;
      if (status !== undefined && ok(status)) {
        resolve();
        return;
      }
      const reason = stderr.trim() || error?.message || `exit status ${String(status)}`;
      reject(new Error(`${[program, ...args].join(' ')}: ${reason}`));
    });
  });
}
