import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { exists } from '../../adapters/fs/exists.js';
import { dirname, join } from 'node:path';

/** Where everything of the local CPI lives under `data_dir` (DESIGN §4). */
export class Layout {
  constructor(readonly dataDir: string) {}

  /** The VM's `/var/vcap` tree. */
  vmDir(cid: string): string {
    return join(this.dataDir, 'vms', cid);
  }
  /** CPI bookkeeping of a VM (agent id, networks, processes); its presence makes the VM exist. */
  vmState(cid: string): string {
    return join(this.vmDir(cid), '.cpi', 'vm.json');
  }
  vmMetadata(cid: string): string {
    return join(this.vmDir(cid), '.cpi', 'metadata.json');
  }
  settings(cid: string): string {
    return join(this.vmDir(cid), 'bosh', 'settings.json');
  }
  diskDir(cid: string): string {
    return join(this.dataDir, 'disks', cid);
  }
  /** The disk's contents: what the agent mounts on `/var/vcap/store`. */
  diskData(cid: string): string {
    return join(this.diskDir(cid), 'data');
  }
  /** An `ext4-image` disk's contents: the image file the agent loop-mounts on `/var/vcap/store`. */
  diskImage(cid: string): string {
    return join(this.diskDir(cid), 'disk.img');
  }
  diskMeta(cid: string): string {
    return join(this.diskDir(cid), 'disk.json');
  }
  stemcellDir(cid: string): string {
    return join(this.dataDir, 'stemcells', cid);
  }
  snapshotDir(cid: string): string {
    return join(this.dataDir, 'snapshots', cid);
  }
  ipClaim(ip: string): string {
    return join(this.dataDir, 'ips', ip);
  }

  async prepare(): Promise<void> {
    for (const dir of ['vms', 'disks', 'stemcells', 'snapshots', 'ips']) {
      await mkdir(join(this.dataDir, dir), { recursive: true });
    }
  }

  async vmExists(cid: string): Promise<boolean> {
    return isSafeCid(cid) && (await exists(this.vmState(cid)));
  }
  async diskExists(cid: string): Promise<boolean> {
    return isSafeCid(cid) && (await exists(this.diskMeta(cid)));
  }
}

/** Cids become path segments: anything else cannot name a VM, disk, stemcell or snapshot of ours. */
export function isSafeCid(cid: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(cid);
}

export async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}

let tmpCounter = 0;

/** Writes JSON so that readers (the agent) only ever see the old or the new file, never half of one. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${++tmpCounter}.tmp`;
  await writeFile(tmp, JSON.stringify(value));
  await rename(tmp, path);
}
