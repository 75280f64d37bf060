import { errorChainMessage } from '../../base/errors.js';
import type { FingerprintFile } from './fingerprint.js';
import { compareGoStrings } from './go-order.js';
import { goJoin } from './go-path.js';
import { applyFilesPatterns, excludedPaths, isPackageableFile } from './package-globs.js';
import type { PackageSpec } from './package-spec.js';
import { exists, type ReleaseSource } from './release-source.js';

/** What a package fingerprints and archives: `packaging`, `pre_packaging`, then the selected files. */
export interface PackageFiles {
  /** In archive order: packaging, pre_packaging, then the selected files sorted by name. */
  readonly files: readonly FingerprintFile[];
  /** `pre_packaging`, which the archive builder runs in the staging directory and then deletes. */
  readonly prepFiles: readonly FingerprintFile[];
}

const SPECIAL_FILES = ['packaging', 'pre_packaging'] as const;

/**
 * collectFiles of bosh-cli's package DirReader, after the spec was read. `packageDir` is the absolute
 * package directory. Errors carry bosh-cli's texts (callers wrap them in `Collecting package files`).
 */
export function selectPackageFiles(
  source: ReleaseSource,
  packageDir: string,
  spec: PackageSpec,
): PackageFiles {
  const packagingPath = goJoin(packageDir, 'packaging');
  let packaging: FingerprintFile[];
  try {
    packaging = specialFile(source, packageDir, 'packaging');
  } catch (e) {
    if (e instanceof NotFound)
      throw new Error(`Expected to find '${packagingPath}' for package '${spec.name}'`);
    throw unexpected(e);
  }
  let prepFiles: FingerprintFile[];
  try {
    prepFiles = specialFile(source, packageDir, 'pre_packaging');
  } catch (e) {
    if (!(e instanceof NotFound)) throw unexpected(e);
    prepFiles = [];
  }

  const selected = applyFilesPatterns(source, spec.files);
  for (const name of excludedPaths(source, spec.excludedFiles)) selected.delete(name);
  for (const special of SPECIAL_FILES) {
    if (selected.has(special)) {
      throw new Error(
        `Expected special '${special}' file to not be included via 'files' key for package '${spec.name}'`,
      );
    }
  }
  const rest = [...selected.values()].sort((a, b) => compareGoStrings(a.name, b.name));
  return { files: [...packaging, ...prepFiles, ...rest], prepFiles };
}

class NotFound extends Error {}

/** checkAndFilterDir: the file when it exists and is packageable, nothing when it is a directory. */
function specialFile(source: ReleaseSource, packageDir: string, name: string): FingerprintFile[] {
  const path = goJoin(packageDir, name);
  if (!exists(source, path)) throw new NotFound(name);
  if (!isPackageableFile(source, path)) return [];
  return [{ name, path, entry: source.fs.lstat(path)?.node.entry, excludeMode: true }];
}

/** `Unexpected error occurred: %s` formats the cause on one line, as Go's %s of an error does. */
function unexpected(e: unknown): Error {
  return new Error(`Unexpected error occurred: ${errorChainMessage(e as Error)}`);
}
