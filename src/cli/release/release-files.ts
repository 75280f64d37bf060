import { copyFile, type FileHandle, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { wrapError } from '../../base/errors.js';
import { goPathError, ioError } from '../../adapters/fs/go-os-error.js';
import { readFileGo } from '../../adapters/fs/os-read-file.js';

/**
 * The file operations of release directories (blobs, indexes, configs), failing with the texts of bosh-utils'
 * osFileSystem (and Go's `op path: reason`) so that wrapped errors read as bosh-cli's.
 */

function errno(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
}

/** osFileSystem.ReadFile as text: `Opening file <path>` / `Reading file content <path>`. */
export async function readTextFile(path: string): Promise<string> {
  return new TextDecoder().decode(await readFileGo(path));
}

/** osFileSystem.WriteFile: parents created, file created 0666 less umask or truncated. */
export async function writeTextFile(path: string, text: string): Promise<void> {
  await makeDirs(dirname(path), 'Creating dir to write file');
  let handle;
  try {
    handle = await open(path, 'w', 0o666);
  } catch (e) {
    throw wrapError(ioError(path, e), `Creating file ${path}`);
  }
  try {
    await handle.writeFile(text);
  } catch (e) {
    throw wrapError(goPathError('write', path, e), `Writing content to file ${path}`);
  } finally {
    await handle.close();
  }
}

/** MkdirAll with 0777 less umask; the error is wrapped with `context`. */
export async function makeDirs(path: string, context: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true, mode: 0o777 });
  } catch (e) {
    throw wrapError(goPathError('mkdir', path, e), context);
  }
}

/** os.RemoveAll: a missing path is fine. */
export async function removeAll(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true });
  } catch (e) {
    throw goPathError('unlinkat', path, e);
  }
}

/**
 * bosh-utils FileMover.Move: the destination is removed, then the file renamed; across devices it is copied
 * (keeping its mode) and the source removed.
 */
export async function moveFile(src: string, dst: string): Promise<void> {
  await rm(dst, { recursive: true, force: true }).catch(() => undefined);
  try {
    await rename(src, dst);
    return;
  } catch (e) {
    if (errno(e) !== 'EXDEV') throw goPathError('rename', `${src} ${dst}`, e);
  }
  try {
    await copyFile(src, dst);
  } catch (e) {
    throw ioError(dst, e);
  }
  await removeAll(src);
}

/** A file or directory found under a tree, by lstat (symlinks are not followed). */
export interface TreeItem {
  readonly path: string;
  readonly kind: 'dir' | 'symlink' | 'other';
}

/**
 * Everything under `root` (not `root` itself), as doublestar's `root/**\/*` lists it: dotfiles included. A missing
 * root, or a root that is not a directory, lists as nothing.
 */
export async function listUnder(root: string): Promise<TreeItem[]> {
  const items: TreeItem[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      if (dir === root && (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR')) return;
      throw goPathError('open', dir, e);
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const kind = entry.isSymbolicLink() ? 'symlink' : entry.isDirectory() ? 'dir' : 'other';
      items.push({ path, kind });
      if (kind === 'dir') await walk(path);
    }
  };
  await walk(root);
  return items;
}

/** Whether a path exists, as bosh-utils FileExists: only "not exist" counts as absent. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    return errno(e) !== 'ENOENT';
  }
}

/** Go's filepath.Join: cleaned, no trailing slash. */
export function cleanJoin(dir: string, path: string): string {
  const joined = join(dir, path);
  return joined.length > 1 ? joined.replace(/\/+$/, '') : joined;
}

export async function statSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (e) {
    throw goPathError('stat', path, e);
  }
}

/** io.Copy between open files: `read <from>: ...` / `write <to>: ...` on failure. */
export async function copyHandle(
  from: FileHandle,
  fromPath: string,
  to: FileHandle,
  toPath: string,
): Promise<void> {
  const buffer = Buffer.allocUnsafe(1 << 20);
  for (;;) {
    let bytesRead: number;
    try {
      bytesRead = (await from.read(buffer, 0, buffer.length, null)).bytesRead;
    } catch (e) {
      throw goPathError('read', fromPath, e);
    }
    if (bytesRead === 0) return;
    let written = 0;
    try {
      while (written < bytesRead)
        written += (await to.write(buffer, written, bytesRead - written)).bytesWritten;
    } catch (e) {
      throw goPathError('write', toPath, e);
    }
  }
}

/** The text of an `index.yml`, or undefined when there is none (a read failure is `Reading index: …`). */
export async function readIndexText(path: string): Promise<string | undefined> {
  if (!(await pathExists(path))) return undefined;
  try {
    return await readTextFile(path);
  } catch (e) {
    throw wrapError(e, 'Reading index');
  }
}
