import { lstat, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { wrapError } from '../base/errors.js';
import type { Dirs } from './dirs.js';

/**
 * The part of bosh-agent's bootstrap a local VM needs: the data directories, `sys -> data/sys` (logs and run dirs)
 * and the blob directories. Nothing is mounted: a local VM's disks are directories the CPI provides.
 */
export async function prepareDirectories(dirs: Dirs): Promise<void> {
  try {
    for (const dir of [dirs.bosh, dirs.data, dirs.tmp, dirs.blobs, dirs.sensitiveBlobs, dirs.instance]) {
      await mkdir(dir, { recursive: true, mode: 0o750 });
    }
    for (const dir of ['log', 'run'])
      await mkdir(join(dirs.data, 'sys', dir), { recursive: true, mode: 0o750 });
    try {
      await lstat(dirs.sys);
    } catch {
      await symlink(join(dirs.data, 'sys'), dirs.sys);
    }
  } catch (e) {
    throw wrapError(e, 'Setting up data dir');
  }
}
