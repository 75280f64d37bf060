import { lstat, readlink, stat } from 'node:fs/promises';
import { dirname, posix } from 'node:path';
import { wrapError } from '../../base/errors.js';
import type { SourceFile } from '../../ports/release-archive.js';
import { ioError } from '../fs/go-os-error.js';

/** One file as bosh-cli's ArchiveImpl.copyFile stages it. */
export type StagedSource =
  | { readonly type: 'file'; readonly name: string; readonly sourcePath: string; readonly mode: number }
  | { readonly type: 'symlink'; readonly name: string; readonly target: string };

export interface StagingPlan {
  readonly files: readonly StagedSource[];
  /** Every staging directory (`.` is the root), parents before children, with the mode it ends up with. */
  readonly dirs: ReadonlyMap<string, number>;
}

/** bosh-cli's context for every failure while staging files. */
export const COPY_CONTEXT = 'Copying into staging directory';

/**
 * Works out the staging copy without copying: files become 0755 when the source has the owner exec bit, else 0644;
 * symlinks are followed (jobs: the target's content under the link's mode rule) or kept (packages, license); each
 * directory a file is copied into takes its source directory's mode (the last file wins), other directories get
 * `defaultDirMode` (MkdirAll's 0777 less the umask) and an unset root keeps a temp dir's 0700.
 */
export async function planStaging(
  files: readonly SourceFile[],
  followSymlinks: boolean,
  defaultDirMode: number,
): Promise<StagingPlan> {
  const dirModeCache = new Map<string, Promise<number>>();
  const sourceDirMode = (dir: string): Promise<number> => {
    let cached = dirModeCache.get(dir);
    if (!cached) {
      // Lstat first, as bosh does; a symlinked directory of a job counts with its target's mode.
      cached = lstat(dir)
        .then((s) => (s.isSymbolicLink() && followSymlinks ? stat(dir) : s))
        .then(
          (s) => s.mode & 0o7777,
          (e: unknown) => Promise.reject(wrapError(ioError(dir, e), COPY_CONTEXT)),
        );
      dirModeCache.set(dir, cached);
    }
    return cached;
  };

  const settled = await Promise.allSettled(
    files.map(async (file) => {
      const name = checkName(file.name);
      const dirMode = await sourceDirMode(dirname(file.sourcePath));
      let info;
      try {
        info = await lstat(file.sourcePath);
      } catch (e) {
        throw wrapError(ioError(file.sourcePath, e), COPY_CONTEXT);
      }
      let staged: StagedSource;
      if (info.isSymbolicLink() && !followSymlinks) {
        let target: string;
        try {
          target = await readlink(file.sourcePath);
        } catch (e) {
          throw wrapError(ioError(file.sourcePath, e), COPY_CONTEXT);
        }
        staged = { type: 'symlink', name, target };
      } else {
        staged = { type: 'file', name, sourcePath: file.sourcePath, mode: info.mode & 0o100 ? 0o755 : 0o644 };
      }
      return { staged, dirMode };
    }),
  );
  // The first failing file in list order, as a sequential copy would report it.
  const planned = settled.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  });

  const chmodded = new Map<string, number>();
  const allDirs = new Set<string>(['.']);
  for (const { staged, dirMode } of planned) {
    chmodded.set(posix.dirname(staged.name), dirMode);
    for (let d = posix.dirname(staged.name); d !== '.'; d = posix.dirname(d)) allDirs.add(d);
  }
  const dirs = new Map<string, number>();
  for (const dir of [...allDirs].sort(byDepth)) {
    dirs.set(dir, chmodded.get(dir) ?? (dir === '.' ? 0o700 : defaultDirMode));
  }
  return { files: planned.map((p) => p.staged), dirs };
}

function byDepth(a: string, b: string): number {
  const depth = (p: string): number => (p === '.' ? 0 : p.split('/').length);
  return depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A name inside the archive must stay inside it: relative, no `.`/`..`/empty segments. */
function checkName(name: string): string {
  const segments = name.split('/');
  if (name === '' || segments.some((s) => s === '' || s === '.' || s === '..') || name.includes('\0')) {
    throw new Error(`Invalid file name '${name}' in release archive`);
  }
  return name;
}
