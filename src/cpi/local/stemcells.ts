import { copyFile, mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Args } from './args.js';
import type { CpiEnv } from './cpi-env.js';
import { copyTree } from './copy-tree.js';
import { isSafeCid, writeJsonAtomic, type Layout } from './layout.js';
import { exists } from '../../adapters/fs/exists.js';
import { cloudError } from './response.js';

/** Stemcell formats this CPI takes (`info.stemcell_formats`). */
export const STEMCELL_FORMATS = ['local'] as const;

export async function stemcellExists(layout: Layout, cid: string): Promise<boolean> {
  return isSafeCid(cid) && (await exists(join(layout.stemcellDir(cid), 'stemcell.json')));
}

/**
 * create_stemcell(image_path, cloud_properties[, {tags}]) → stemcell cid. A `local` stemcell's image is kept as
 * it came (a file or a directory) next to `stemcell.json`; VMs run the host's own root filesystem.
 */
export async function createStemcell(env: CpiEnv, args: Args): Promise<string> {
  args.arity(2, 3);
  const imagePath = args.string(0, 'image_path');
  const cloudProperties = args.hash(1, 'cloud_properties');
  const tags = args.hash(2, 'options').tags ?? {};
  const image = await stat(imagePath).catch(() => undefined);
  if (image === undefined) throw cloudError(`Stemcell image '${imagePath}' not found`);
  const cid = env.newCid('stemcell');
  const dir = env.layout.stemcellDir(cid);
  await mkdir(dir, { recursive: true });
  try {
    if (image.isDirectory()) await copyTree(imagePath, join(dir, 'image'));
    else await copyFile(imagePath, join(dir, 'image'));
    await writeJsonAtomic(join(dir, 'stemcell.json'), {
      image_path: imagePath,
      cloud_properties: cloudProperties,
      tags,
      created_at: env.now().toISOString(),
    });
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  env.log(`Created stemcell '${cid}' from ${imagePath}`);
  return cid;
}

/** delete_stemcell(stemcell_cid). */
export async function deleteStemcell(env: CpiEnv, args: Args): Promise<null> {
  const cid = args.arity(1).string(0, 'stemcell_cid');
  if (!(await stemcellExists(env.layout, cid))) throw cloudError(`Stemcell '${cid}' not found`);
  await rm(env.layout.stemcellDir(cid), { recursive: true, force: true });
  env.log(`Deleted stemcell '${cid}'`);
  return null;
}
