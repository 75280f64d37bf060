import type { FileEntry } from './file-entry.js';
import { stagesExecutable } from './file-entry.js';
import { fingerprintOf, type FingerprintFile, type FingerprintOptions } from './fingerprint.js';

/**
 * What the archive builder's staging copy looks like to the fingerprinter (archive.go copyFile): regular files
 * become 0755 or 0644 by the owner exec bit alone, package symlinks are recreated, and job symlinks become
 * regular 0755 files holding their target's content.
 */
export function stagedFiles(files: readonly FingerprintFile[], followSymlinks: boolean): FingerprintFile[] {
  return files.map((file) => {
    const entry = file.entry;
    if (entry === undefined) return file;
    let staged: FileEntry;
    if (entry.kind === 'symlink' && !followSymlinks) {
      staged = entry;
    } else if (entry.kind === 'symlink') {
      const sha256 = file.target?.sha256 ?? entry.sha256;
      staged = { path: entry.path, kind: 'exec', sha256, mode: 0o755 };
    } else {
      const exec = stagesExecutable(entry);
      staged = {
        path: entry.path,
        kind: exec ? 'exec' : 'file',
        sha256: entry.sha256,
        mode: exec ? 0o755 : 0o644,
      };
    }
    // The staged copy is no longer a link, so it carries no target.
    return {
      name: file.name,
      path: file.path,
      entry: staged,
      ...(file.excludeMode === true ? { excludeMode: true } : {}),
    };
  });
}

/** The fingerprint of the staging copy. */
export function stagingFingerprint(
  files: readonly FingerprintFile[],
  options: FingerprintOptions = {},
): string {
  return fingerprintOf(stagedFiles(files, options.followSymlinks === true), options);
}

/**
 * ArchiveImpl.Build's consistency check: a source file with a group/other exec bit but no owner exec bit
 * fingerprints as 100755 yet stages as 0644, and the build fails (README §6, failures/exec-bit-not-owner).
 */
export function verifyStagingFingerprint(
  files: readonly FingerprintFile[],
  expected: string,
  options: FingerprintOptions = {},
): void {
  const staging = stagingFingerprint(files, options);
  if (staging !== expected) {
    throw new Error(`Expected source ('${expected}') and staging ('${staging}') fingerprints to match`);
  }
}
