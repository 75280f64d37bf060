import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, open, readdir, readlink, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { wrapError } from '../../base/errors.js';
import type { StagedFile } from '../../ports/release-archive.js';
import { copyFile } from '../blobstore/file-copy.js';
import { ioError } from '../fs/go-os-error.js';
import { COPY_CONTEXT, type StagingPlan } from './staging-plan.js';
import type { TarWriter } from './tar-writer.js';

const PARALLEL_COPIES = 8;

/**
 * Makes the staging copy a plan describes (hashing the files as they are copied). Directory modes are applied last,
 * deepest first, so a read-only source directory does not stop the copy.
 */
export async function copyIntoStaging(plan: StagingPlan, staging: string): Promise<StagedFile[]> {
  for (const dir of plan.dirs.keys()) {
    if (dir === '.') continue;
    try {
      await mkdir(join(staging, dir), { recursive: true });
    } catch (e) {
      throw wrapError(ioError(join(staging, dir), e), COPY_CONTEXT);
    }
  }
  const staged: StagedFile[] = new Array<StagedFile>(plan.files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < plan.files.length) {
      const index = next++;
      const file = plan.files[index];
      if (file) staged[index] = await stageOne(file, staging);
    }
  };
  const results = await Promise.allSettled(Array.from({ length: PARALLEL_COPIES }, worker));
  for (const result of results) if (result.status === 'rejected') throw result.reason;
  for (const [dir, mode] of [...plan.dirs].reverse()) {
    try {
      await chmod(join(staging, dir), mode);
    } catch (e) {
      throw wrapError(ioError(join(staging, dir), e), COPY_CONTEXT);
    }
  }
  return staged;
}

async function stageOne(file: StagingPlan['files'][number], staging: string): Promise<StagedFile> {
  const dst = join(staging, file.name);
  try {
    if (file.type === 'symlink') {
      await symlink(file.target, dst);
      const digest = `sha256:${createHash('sha256').update(file.target, 'utf8').digest('hex')}`;
      return { name: file.name, type: 'symlink', mode: 0o777, digest };
    }
    const hash = createHash('sha256');
    await copyFile(file.sourcePath, dst, { destMode: file.mode, tap: (c) => hash.update(c) });
    await chmod(dst, file.mode);
    return { name: file.name, type: 'file', mode: file.mode, digest: `sha256:${hash.digest('hex')}` };
  } catch (e) {
    const cause = typeof e === 'object' && e !== null && 'code' in e ? ioError(dst, e) : e;
    throw wrapError(cause, COPY_CONTEXT);
  }
}

/**
 * `tar -cf - -C <dir> .`: `./` first, then every entry depth first in readdir order, with the modes found on disk.
 * Sockets, FIFOs and devices are left out.
 */
export async function tarDirectory(tar: TarWriter, root: string): Promise<void> {
  await tar.directory('./', (await lstat(root)).mode & 0o7777);
  await walk(tar, root, '');
}

async function walk(tar: TarWriter, root: string, rel: string): Promise<void> {
  const names = await readdir(join(root, rel));
  for (const name of names) {
    const path = rel === '' ? name : `${rel}/${name}`;
    const full = join(root, path);
    const info = await lstat(full);
    const mode = info.mode & 0o7777;
    if (info.isDirectory()) {
      await tar.directory(`./${path}/`, mode);
      await walk(tar, root, path);
    } else if (info.isSymbolicLink()) {
      await tar.symlink(`./${path}`, await readlink(full), mode);
    } else if (info.isFile()) {
      const handle = await open(full, 'r');
      try {
        await tar.fileFromReader(`./${path}`, mode, info.size, async (buffer, position) => {
          return (await handle.read(buffer, 0, buffer.length, position)).bytesRead;
        });
      } finally {
        await handle.close();
      }
    }
  }
}
