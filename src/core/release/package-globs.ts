import { WrappedError } from '../../base/errors.js';
import { doublestarGlob } from './doublestar-glob.js';
import type { FingerprintFile } from './fingerprint.js';
import { goJoin, goRel, newFileRelativePath } from './go-path.js';
import type { ReleaseSource } from './release-source.js';

/**
 * The `files:` / `excluded_files:` half of bosh-cli's package DirReader (release/pkg/dir_reader.go): every
 * glob runs under `src/` and then `blobs/`, the first file found for a relative path wins, directories and
 * files reached through a symlinked directory are skipped, and a glob that keeps nothing is an error.
 */

function srcDir(source: ReleaseSource): string {
  return goJoin(source.dir, 'src');
}

function blobsDir(source: ReleaseSource): string {
  return goJoin(source.dir, 'blobs');
}

/** RecursiveGlob, with doublestar's bad-pattern error wrapped the way the caller names the listing. */
function glob(source: ReleaseSource, dir: string, pattern: string, listing: string): string[] {
  const r = doublestarGlob(source.fs, goJoin(dir, pattern));
  if (r.badPattern) throw new WrappedError(listing, new Error('syntax error in pattern'));
  return r.matches;
}

/**
 * isPackageableFile: not a directory, and either a symlink or a file whose real path is where its path says
 * (relative to the real `src/`), which rules out files seen through a symlinked directory.
 */
export function isPackageableFile(source: ReleaseSource, path: string): boolean {
  const found = source.fs.lstat(path);
  if (found === undefined) throw new Error(`lstat ${path}: no such file or directory`);
  if (found.node.kind === 'dir') return false;
  const src = srcDir(source);
  const realSrc = source.fs.stat(src);
  if (realSrc === undefined) throw new Error(`lstat ${src}: no such file or directory`);
  if (found.node.kind === 'symlink') return true;
  const real = source.fs.stat(path);
  if (real === undefined) throw new Error(`lstat ${path}: no such file or directory`);
  return goRel(src, path) === goRel(realSrc.realPath, real.realPath);
}

function packageFile(source: ReleaseSource, path: string, base: string): FingerprintFile {
  return { name: newFileRelativePath(path, base), path, entry: source.fs.lstat(path)?.node.entry };
}

/** applyFilesPattern: relative path → file, first match winning. */
export function applyFilesPatterns(
  source: ReleaseSource,
  globs: readonly string[],
): Map<string, FingerprintFile> {
  const byName = new Map<string, FingerprintFile>();
  const places: readonly [string, string][] = [
    [srcDir(source), 'Listing package files in src'],
    [blobsDir(source), 'Listing package files in blobs'],
  ];
  for (const pattern of globs) {
    let matched = false;
    for (const [dir, listing] of places) {
      for (const path of glob(source, dir, pattern, listing)) {
        let packageable: boolean;
        try {
          packageable = isPackageableFile(source, path);
        } catch (e) {
          throw new WrappedError('Checking file packageability', e as Error);
        }
        if (!packageable) continue;
        matched = true;
        const file = packageFile(source, path, dir);
        if (!byName.has(file.name)) byName.set(file.name, file);
      }
    }
    if (!matched) throw new Error(`Missing files for pattern '${pattern}'`);
  }
  return byName;
}

/** applyExcludedFilesPattern: every relative path any exclusion glob matches, in src or blobs. */
export function excludedPaths(source: ReleaseSource, globs: readonly string[]): string[] {
  const names: string[] = [];
  for (const pattern of globs) {
    const src = srcDir(source);
    const blobs = blobsDir(source);
    for (const path of glob(source, src, pattern, 'Listing package excluded files in src')) {
      names.push(newFileRelativePath(path, src));
    }
    for (const path of glob(source, blobs, pattern, 'Listing package excluded files in blobs')) {
      names.push(newFileRelativePath(path, blobs));
    }
  }
  return names;
}
