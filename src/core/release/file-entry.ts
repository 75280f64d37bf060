/**
 * The release model never touches the disk: adapters walk a directory with lstat and describe what they saw
 * as FileEntry lists, and every selection, glob and fingerprint here works on those lists.
 */

/**
 * - `file`: a regular file with no exec bit at all;
 * - `exec`: a regular file with any exec bit (mode & 0o111), which is what the fingerprint's `100755` means;
 * - `symlink`: a symbolic link, never followed by the lister;
 * - `dir`: a directory (lists may omit directories that have entries; they are implied).
 */
export type FileKind = 'file' | 'exec' | 'symlink' | 'dir';

/** What following a symlink gives, when the adapter resolved it (needed for targets outside the listed trees). */
export interface ResolvedTarget {
  readonly kind: 'file' | 'exec' | 'dir';
  /** Hex SHA-256 of the final target's content ('' for a directory). */
  readonly sha256: string;
}

export interface FileEntry {
  /** Relative to the listed directory, '/'-separated, no leading './'. */
  readonly path: string;
  readonly kind: FileKind;
  /** Hex SHA-256 of the content; for a symlink, of its link target string; '' for a directory. */
  readonly sha256: string;
  /** The link target exactly as readlink returns it (symlinks only). */
  readonly linkTarget?: string;
  /**
   * Permission bits from lstat. Only the staging copy looks at them: it keeps the owner exec bit (0o100) and
   * nothing else, so a 0654 file fingerprints as 100755 but stages as 0644 (README §6). When absent, `exec`
   * means 0755 and `file` 0644.
   */
  readonly mode?: number;
  /**
   * For symlinks: what stat (following the link) gives. `null` means dangling. When absent, the model resolves
   * the target itself within the trees it was given and treats anything else as dangling.
   */
  readonly resolved?: ResolvedTarget | null;
}

export type FingerprintMode = '100644' | '100755' | 'symlink' | '40755';

/** The mode string bosh-cli's fingerprinter writes for an lstat'ed entry (fingerprint.go). */
export function fingerprintModeOf(kind: FileKind, followSymlinks: boolean): FingerprintMode {
  switch (kind) {
    case 'dir':
      return '40755';
    case 'symlink':
      // A followed link is judged by lstat of the link itself: permissions 0777, so always executable.
      return followSymlinks ? '100755' : 'symlink';
    case 'exec':
      return '100755';
    case 'file':
      return '100644';
  }
}

/** Whether the staging copy becomes 0755: only the owner exec bit counts (archive.go getFilePerms). */
export function stagesExecutable(entry: FileEntry): boolean {
  if (entry.kind === 'symlink') return true; // lstat of a link: 0777
  if (entry.mode !== undefined) return (entry.mode & 0o100) !== 0;
  return entry.kind === 'exec';
}
