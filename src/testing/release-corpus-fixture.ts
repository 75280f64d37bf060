import type { FileEntry } from '../core/release/file-entry.js';
import { sha256Hex } from '../core/release/fingerprint.js';

/**
 * Test support: turns the conformance corpus's `fixtures.json` file lists into FileEntry lists, and applies
 * the `write` / `remove` steps of its failure cases. Pure, so tests read the JSON and pass it in.
 */
export interface CorpusFile {
  readonly path: string;
  readonly type: 'file' | 'dir' | 'symlink';
  readonly mode?: string;
  readonly sha256?: string;
  readonly target?: string;
}

export function corpusEntries(files: readonly CorpusFile[]): FileEntry[] {
  return files.map((f) => {
    if (f.type === 'symlink') {
      const target = f.target ?? '';
      return { path: f.path, kind: 'symlink', sha256: sha256Hex(target), linkTarget: target, mode: 0o777 };
    }
    const mode = parseInt(f.mode ?? '0', 8);
    if (f.type === 'dir') return { path: f.path, kind: 'dir', sha256: '', mode };
    return { path: f.path, kind: (mode & 0o111) !== 0 ? 'exec' : 'file', sha256: f.sha256 ?? '', mode };
  });
}

/** The `write` step: a regular file with this content and mode (octal text). */
export function writeEntry(
  entries: readonly FileEntry[],
  path: string,
  content: string,
  mode: string,
): FileEntry[] {
  const m = parseInt(mode, 8);
  const entry: FileEntry = {
    path,
    kind: (m & 0o111) !== 0 ? 'exec' : 'file',
    sha256: sha256Hex(content),
    mode: m,
  };
  return [...entries.filter((e) => e.path !== path), entry];
}

/** The `remove` step: the path and everything under it. */
export function removeEntry(entries: readonly FileEntry[], path: string): FileEntry[] {
  return entries.filter((e) => e.path !== path && !e.path.startsWith(path + '/'));
}
