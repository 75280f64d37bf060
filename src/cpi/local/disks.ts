import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isRecord } from '../../protocol/cpi.js';
import type { Args } from './args.js';
import type { CpiEnv } from './cpi-env.js';
import {
  checkImageDisksAllowed,
  createImage,
  diskFormat,
  diskHint,
  growImage,
  waitUntilReleased,
  type DiskFormat,
} from './disk-image.js';
import { readJson, writeJsonAtomic, type Layout } from './layout.js';
import { exists } from '../../adapters/fs/exists.js';
import { badArguments, cloudError, CpiFault, diskNotAttached, diskNotFound, vmNotFound } from './response.js';
import { readSettings, updatePersistentDisks } from './vm-state.js';

/**
 * `disk.json`: a disk outlives VMs; its data is a directory (`data/`) or an ext4 image (`disk.img`, see
 * disk-image.ts). This records its format, size and attachment.
 */
export interface DiskMeta {
  /** Absent in disks made before images existed: a directory. */
  readonly format?: DiskFormat;
  readonly size: number;
  readonly cloud_properties: Readonly<Record<string, unknown>>;
  readonly vm_locality: string | null;
  readonly created_at: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly attached_to: string | null;
}

export async function readDisk(layout: Layout, cid: string): Promise<DiskMeta> {
  if (!(await layout.diskExists(cid))) throw diskNotFound(cid);
  const value = await readJson(layout.diskMeta(cid)).catch((e: unknown) => {
    throw cloudError(`Reading disk '${cid}': ${String(e)}`);
  });
  if (!isRecord(value) || typeof value.size !== 'number') throw cloudError(`Disk '${cid}' is corrupt`);
  return value as unknown as DiskMeta;
}

const writeDisk = (layout: Layout, cid: string, meta: DiskMeta) =>
  writeJsonAtomic(layout.diskMeta(cid), meta);

export const formatOf = (meta: DiskMeta): DiskFormat => meta.format ?? 'directory';

const notSupported = (message: string): CpiFault => new CpiFault('Bosh::Clouds::NotSupported', message);

function size(args: Args, index: number): number {
  const value = args.integer(index, 'size');
  if (value <= 0) throw badArguments(`size must be a positive Integer (MiB), got: ${value}`);
  return value;
}

/**
 * create_disk(size, cloud_properties, vm_locality) → disk cid. `cloud_properties.type` `directory` or `ext4-image`
 * picks the format (else the config's `persistent_disk_type`); an image is a sparse file of `size` MiB.
 */
export async function createDisk(env: CpiEnv, args: Args): Promise<string> {
  args.arity(2, 3);
  const cloudProperties = args.hash(1, 'cloud_properties');
  const format = diskFormat(cloudProperties, env.config.persistentDiskType);
  const meta: DiskMeta = {
    format,
    size: size(args, 0),
    cloud_properties: cloudProperties,
    vm_locality: args.optionalString(2, 'vm_cid'),
    created_at: env.now().toISOString(),
    metadata: {},
    attached_to: null,
  };
  if (format === 'ext4-image') checkImageDisksAllowed(process.getuid?.());
  const cid = env.newCid('disk');
  if (format === 'directory') await mkdir(env.layout.diskData(cid), { recursive: true });
  else {
    await mkdir(env.layout.diskDir(cid), { recursive: true });
    await createImage(env.layout.diskImage(cid), meta.size).catch(async (e: unknown) => {
      await rm(env.layout.diskDir(cid), { recursive: true, force: true });
      throw cloudError(`Creating disk '${cid}': ${e instanceof Error ? e.message : String(e)}`);
    });
  }
  await writeDisk(env.layout, cid, meta);
  env.log(`Created disk '${cid}' (${meta.size} MiB, ${format})`);
  return cid;
}

/** delete_disk(disk_cid): refused while a VM that still exists has it attached. */
export async function deleteDisk(env: CpiEnv, args: Args): Promise<null> {
  const cid = args.arity(1).string(0, 'disk_cid');
  const meta = await readDisk(env.layout, cid);
  if (meta.attached_to !== null && (await env.layout.vmExists(meta.attached_to))) {
    throw cloudError(`Disk '${cid}' is attached to VM '${meta.attached_to}'`);
  }
  const doomed = join(env.layout.dataDir, 'disks', `.deleting-${env.newCid(cid)}`);
  await rename(env.layout.diskDir(cid), doomed);
  await rm(doomed, { recursive: true, force: true });
  env.log(`Deleted disk '${cid}'`);
  return null;
}

export async function hasDisk(env: CpiEnv, args: Args): Promise<boolean> {
  return env.layout.diskExists(args.arity(1).string(0, 'disk_cid'));
}

/**
 * attach_disk(vm_cid, disk_cid): records the disk in the VM's settings; v2 returns the hint: the disk's directory,
 * or `{"path": <image>, "format": "ext4-image"}` for an image (which the agent loop-mounts).
 */
export async function attachDisk(env: CpiEnv, args: Args): Promise<unknown> {
  args.arity(2);
  const vmCid = args.string(0, 'vm_cid');
  const diskCid = args.string(1, 'disk_cid');
  if (!(await env.layout.vmExists(vmCid))) throw vmNotFound(vmCid);
  const meta = await readDisk(env.layout, diskCid);
  const other = meta.attached_to;
  if (other !== null && other !== vmCid && (await env.layout.vmExists(other))) {
    throw cloudError(`Disk '${diskCid}' is already attached to VM '${other}'`);
  }
  const hint = diskHint(formatOf(meta), {
    data: env.layout.diskData(diskCid),
    image: env.layout.diskImage(diskCid),
  });
  await updatePersistentDisks(env.layout, vmCid, (disks) => ({ ...disks, [diskCid]: hint }));
  await writeDisk(env.layout, diskCid, { ...meta, attached_to: vmCid });
  env.log(`Attached disk '${diskCid}' to VM '${vmCid}' at ${JSON.stringify(hint)}`);
  return env.apiVersion >= 2 ? hint : null;
}

/** detach_disk(vm_cid, disk_cid): removes the disk from the VM's settings. */
export async function detachDisk(env: CpiEnv, args: Args): Promise<null> {
  args.arity(2);
  const vmCid = args.string(0, 'vm_cid');
  const diskCid = args.string(1, 'disk_cid');
  if (!(await env.layout.vmExists(vmCid))) throw vmNotFound(vmCid);
  const settings = await readSettings(env.layout, vmCid);
  if (!(diskCid in settings.disks.persistent)) {
    throw (await env.layout.diskExists(diskCid)) ? diskNotAttached(diskCid, vmCid) : diskNotFound(diskCid);
  }
  await updatePersistentDisks(env.layout, vmCid, (disks) =>
    Object.fromEntries(Object.entries(disks).filter(([cid]) => cid !== diskCid)),
  );
  await releaseDisk(env.layout, diskCid, vmCid);
  env.log(`Detached disk '${diskCid}' from VM '${vmCid}'`);
  return null;
}

/**
 * Marks every disk of a VM that is going away as detached (the disks themselves stay). An image disk is waited for
 * until the VM's mount of it is gone with the VM's mount namespace, so that the next VM mounts a settled image.
 */
export async function detachAllDisks(env: CpiEnv, vmCid: string): Promise<void> {
  if (!(await exists(env.layout.settings(vmCid)))) return;
  const settings = await readSettings(env.layout, vmCid);
  for (const diskCid of Object.keys(settings.disks.persistent)) {
    await releaseDisk(env.layout, diskCid, vmCid);
    if (!(await env.layout.diskExists(diskCid))) continue;
    if (formatOf(await readDisk(env.layout, diskCid)) !== 'ext4-image') continue;
    const left = await waitUntilReleased(env.layout.diskImage(diskCid));
    if (left.length > 0) env.log(`WARN: disk '${diskCid}' is still in use by ${left.join(', ')}`);
  }
}

async function releaseDisk(layout: Layout, diskCid: string, vmCid: string): Promise<void> {
  if (!(await layout.diskExists(diskCid))) return;
  const meta = await readDisk(layout, diskCid);
  if (meta.attached_to === vmCid) await writeDisk(layout, diskCid, { ...meta, attached_to: null });
}

/** get_disks(vm_cid) → cids of the disks attached to the VM. */
export async function getDisks(env: CpiEnv, args: Args): Promise<string[]> {
  const vmCid = args.arity(1).string(0, 'vm_cid');
  if (!(await env.layout.vmExists(vmCid))) throw vmNotFound(vmCid);
  return Object.keys((await readSettings(env.layout, vmCid)).disks.persistent);
}

/**
 * resize_disk(disk_cid, new_size): a directory has no size to change (the new size is recorded); an image is grown
 * with its file system. Shrinking is NotSupported (the director then copies the data to a new disk instead).
 */
export async function resizeDisk(env: CpiEnv, args: Args): Promise<null> {
  args.arity(2);
  const cid = args.string(0, 'disk_cid');
  const newSize = size(args, 1);
  const meta = await readDisk(env.layout, cid);
  await changeSize(env, cid, meta, newSize);
  await writeDisk(env.layout, cid, { ...meta, size: newSize });
  return null;
}

/**
 * update_disk(disk_cid, new_size, cloud_properties): updated in place (resized as resize_disk does), so the result
 * is null. A change of format (`cloud_properties.type`) is NotSupported: the director copies the data instead.
 */
export async function updateDisk(env: CpiEnv, args: Args): Promise<null> {
  args.arity(3);
  const cid = args.string(0, 'disk_cid');
  const newSize = size(args, 1);
  const cloudProperties = args.hash(2, 'cloud_properties');
  const meta = await readDisk(env.layout, cid);
  const [from, to] = [formatOf(meta), diskFormat(cloudProperties, env.config.persistentDiskType)];
  if (from !== to)
    throw notSupported(`Changing disk '${cid}' from type '${from}' to '${to}' is not supported`);
  await changeSize(env, cid, meta, newSize);
  await writeDisk(env.layout, cid, { ...meta, size: newSize, cloud_properties: cloudProperties });
  return null;
}

/** Refuses shrinking; grows an image disk (which no VM may have mounted meanwhile). */
async function changeSize(env: CpiEnv, cid: string, meta: DiskMeta, newSize: number): Promise<void> {
  if (newSize < meta.size) {
    throw notSupported(
      `Cannot resize disk '${cid}' to a smaller size: from ${meta.size} MiB to ${newSize} MiB`,
    );
  }
  if (formatOf(meta) !== 'ext4-image' || newSize === meta.size) return;
  const image = env.layout.diskImage(cid);
  const inUse = await waitUntilReleased(image);
  if (inUse.length > 0) {
    throw cloudError(`Cannot resize disk '${cid}': it is mounted (${inUse.join(', ')}); detach it first`);
  }
  await growImage(image, newSize).catch((e: unknown) => {
    throw cloudError(
      `Resizing disk '${cid}' to ${newSize} MiB: ${e instanceof Error ? e.message : String(e)}`,
    );
  });
  env.log(`Grew disk '${cid}' from ${meta.size} MiB to ${newSize} MiB`);
}

export async function setDiskMetadata(env: CpiEnv, args: Args): Promise<null> {
  args.arity(2);
  const cid = args.string(0, 'disk_cid');
  const metadata = args.hash(1, 'metadata');
  await writeDisk(env.layout, cid, { ...(await readDisk(env.layout, cid)), metadata });
  return null;
}
