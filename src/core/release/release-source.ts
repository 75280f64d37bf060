import type { FileEntry, ResolvedTarget } from './file-entry.js';
import { goClean, goJoin } from './go-path.js';
import { VirtualFs, type Found } from './vfs.js';

/**
 * A release directory as the pure model sees it: its absolute path (bosh-cli's messages quote absolute
 * paths, and its globs run on them) and an in-memory tree of what an adapter listed.
 */
export interface ReleaseSource {
  readonly dir: string;
  readonly fs: VirtualFs;
}

/**
 * Builds a ReleaseSource from a listing of the release directory (paths relative to it) and optional extra
 * listings of sub-directories keyed by their relative path (`src`, `blobs`, `packages/a`). A directory that
 * is not listed does not exist: a missing `src/` is how README §15.3 arises.
 */
export function releaseSource(
  dir: string,
  entries: readonly FileEntry[],
  subdirs: Readonly<Record<string, readonly FileEntry[]>> = {},
): ReleaseSource {
  const root = goClean(dir);
  const fs = new VirtualFs();
  fs.mount(root, entries);
  for (const [sub, list] of Object.entries(subdirs)) fs.mount(goJoin(root, sub), list);
  return { dir: root, fs };
}

/** The target a symlink resolves to, as FileEntry data (null when dangling or looping). */
export function resolveTarget(source: ReleaseSource, path: string): ResolvedTarget | null {
  const found = source.fs.stat(path);
  if (found === undefined) return null;
  return targetOf(found);
}

function targetOf(found: Found): ResolvedTarget {
  const { node } = found;
  if (node.kind === 'dir') return { kind: 'dir', sha256: '' };
  return { kind: node.kind === 'exec' ? 'exec' : 'file', sha256: node.entry.sha256 };
}

/** FileExists: stat succeeds (a dangling symlink does not exist). */
export function exists(source: ReleaseSource, path: string): boolean {
  return source.fs.stat(path) !== undefined;
}
