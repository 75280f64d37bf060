import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Args } from './args.js';
import type { CpiEnv } from './cpi-env.js';
import { copyTree } from './copy-tree.js';
import { isSafeCid, writeJsonAtomic } from './layout.js';
import { exists } from '../../adapters/fs/exists.js';
import { formatOf, readDisk } from './disks.js';
import { cloudError } from './response.js';

/** snapshot_disk(disk_cid, metadata) → snapshot cid: a copy of the disk's directory (`data/`) or image (`disk.img`). */
export async function snapshotDisk(env: CpiEnv, args: Args): Promise<string> {
  args.arity(1, 2);
  const diskCid = args.string(0, 'disk_cid');
  const metadata = args.hash(1, 'metadata');
  const format = formatOf(await readDisk(env.layout, diskCid));
  const cid = env.newCid('snapshot');
  const dir = env.layout.snapshotDir(cid);
  await mkdir(dir, { recursive: true });
  try {
    if (format === 'ext4-image') await copyTree(env.layout.diskImage(diskCid), join(dir, 'disk.img'));
    else await copyTree(env.layout.diskData(diskCid), join(dir, 'data'));
    await writeJsonAtomic(join(dir, 'snapshot.json'), {
      disk_cid: diskCid,
      format,
      metadata,
      created_at: env.now().toISOString(),
    });
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  env.log(`Snapshot '${cid}' of disk '${diskCid}' taken`);
  return cid;
}

/** delete_snapshot(snapshot_cid). */
export async function deleteSnapshot(env: CpiEnv, args: Args): Promise<null> {
  const cid = args.arity(1).string(0, 'snapshot_cid');
  const dir = env.layout.snapshotDir(cid);
  if (!isSafeCid(cid) || !(await exists(join(dir, 'snapshot.json')))) {
    throw cloudError(`Snapshot '${cid}' not found`);
  }
  const doomed = join(env.layout.dataDir, 'snapshots', `.deleting-${env.newCid(cid)}`);
  await rename(dir, doomed);
  await rm(doomed, { recursive: true, force: true });
  return null;
}
