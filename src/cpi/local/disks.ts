import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isRecord } from '../../protocol/cpi.js';
import type { Args } from './args.js';
import type { CpiEnv } from './cpi-env.js';
import { exists, readJson, writeJsonAtomic, type Layout } from './layout.js';
import { badArguments, cloudError, diskNotAttached, diskNotFound, vmNotFound } from './response.js';
import { readSettings, updatePersistentDisks } from './vm-state.js';

/** `disk.json`: a disk is a directory (`data/`) that outlives VMs; this records its size and attachment. */
export interface DiskMeta {
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

function size(args: Args, index: number): number {
  const value = args.integer(index, 'size');
  if (value <= 0) throw badArguments(`size must be a positive Integer (MiB), got: ${value}`);
  return value;
}

/** create_disk(size, cloud_properties, vm_locality) → disk cid. */
export async function createDisk(env: CpiEnv, args: Args): Promise<string> {
  args.arity(2, 3);
  const meta: DiskMeta = {
    size: size(args, 0),
    cloud_properties: args.hash(1, 'cloud_properties'),
    vm_locality: args.optionalString(2, 'vm_cid'),
    created_at: env.now().toISOString(),
    metadata: {},
    attached_to: null,
  };
  const cid = env.newCid('disk');
  await mkdir(env.layout.diskData(cid), { recursive: true });
  await writeDisk(env.layout, cid, meta);
  env.log(`Created disk '${cid}' (${meta.size} MiB)`);
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

/** attach_disk(vm_cid, disk_cid): records the disk in the VM's settings; v2 returns the hint (its directory). */
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
  const hint = env.layout.diskData(diskCid);
  await updatePersistentDisks(env.layout, vmCid, (disks) => ({ ...disks, [diskCid]: hint }));
  await writeDisk(env.layout, diskCid, { ...meta, attached_to: vmCid });
  env.log(`Attached disk '${diskCid}' to VM '${vmCid}' at ${hint}`);
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

/** Marks every disk of a VM that is going away as detached (the disks themselves stay). */
export async function detachAllDisks(env: CpiEnv, vmCid: string): Promise<void> {
  if (!(await exists(env.layout.settings(vmCid)))) return;
  const settings = await readSettings(env.layout, vmCid);
  for (const diskCid of Object.keys(settings.disks.persistent)) await releaseDisk(env.layout, diskCid, vmCid);
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

/** resize_disk(disk_cid, new_size): a directory has no size to change; the new size is recorded. */
export async function resizeDisk(env: CpiEnv, args: Args): Promise<null> {
  args.arity(2);
  const cid = args.string(0, 'disk_cid');
  const newSize = size(args, 1);
  await writeDisk(env.layout, cid, { ...(await readDisk(env.layout, cid)), size: newSize });
  return null;
}

/** update_disk(disk_cid, new_size, cloud_properties): updated in place, so the result is null. */
export async function updateDisk(env: CpiEnv, args: Args): Promise<null> {
  args.arity(3);
  const cid = args.string(0, 'disk_cid');
  const newSize = size(args, 1);
  const cloudProperties = args.hash(2, 'cloud_properties');
  const meta = await readDisk(env.layout, cid);
  await writeDisk(env.layout, cid, { ...meta, size: newSize, cloud_properties: cloudProperties });
  return null;
}

export async function setDiskMetadata(env: CpiEnv, args: Args): Promise<null> {
  args.arity(2);
  const cid = args.string(0, 'disk_cid');
  const metadata = args.hash(1, 'metadata');
  await writeDisk(env.layout, cid, { ...(await readDisk(env.layout, cid)), metadata });
  return null;
}
