import { createHash } from 'node:crypto';
import { WrappedError } from '../../base/errors.js';
import { fingerprintModeOf, type FileEntry, type ResolvedTarget } from './file-entry.js';
import { compareGoStrings, sortGoStrings } from './go-order.js';

/**
 * One input of a job, package or license fingerprint (README §5): a file under the name it gets in the
 * fingerprint and in the archive. `entry` is what lstat saw at `path`; undefined means missing.
 */
export interface FingerprintFile {
  /** The chunk name: `job.MF`, `templates/x.erb`, `packaging`, `lib/a.sh`, `LICENSE`. */
  readonly name: string;
  /** Absolute source path, quoted by error messages. */
  readonly path: string;
  readonly entry: FileEntry | undefined;
  /** For symlinks of a job (which are followed): the final target, or null when dangling. */
  readonly target?: ResolvedTarget | null;
  /** packaging, pre_packaging and license files leave the mode out of their chunk. */
  readonly excludeMode?: boolean;
}

export interface FingerprintOptions {
  /** Jobs follow symlinks; packages and the license fingerprint the link itself. */
  readonly followSymlinks?: boolean;
  /** false leaves every mode out (the license); per-file `excludeMode` applies either way. */
  readonly modeIncluded?: boolean;
  /** Package dependency names: sorted, joined with ',', appended after the file chunks. */
  readonly additionalChunks?: readonly string[];
}

/** The file chunks in fingerprint order: name, `sha256:<hex>`, then the mode string unless excluded. */
export function fingerprintChunks(
  files: readonly FingerprintFile[],
  options: FingerprintOptions = {},
): string[] {
  const sorted = [...files].sort((a, b) => compareGoStrings(a.name, b.name));
  return sorted.map((file) => {
    try {
      return fileChunk(file, options);
    } catch (e) {
      throw new WrappedError(`Fingerprinting file '${file.path}'`, e as Error);
    }
  });
}

/** The chunk appended after the files: the sorted dependency names joined with ','. */
export function additionalChunk(chunks: readonly string[] | undefined): string {
  return chunks === undefined || chunks.length === 0 ? '' : sortGoStrings(chunks).join(',');
}

/** SHA-256 of `v2` + chunks + additional chunk: the 64-hex fingerprint. */
export function fingerprintFromChunks(chunks: readonly string[], additional = ''): string {
  return sha256Hex('v2' + chunks.join('') + additional);
}

/** fingerprint.go Calculate; errors are wrapped as ArchiveImpl.Fingerprint wraps them. */
export function fingerprintOf(files: readonly FingerprintFile[], options: FingerprintOptions = {}): string {
  let chunks: string[];
  try {
    chunks = fingerprintChunks(files, options);
  } catch (e) {
    throw new WrappedError('Fingerprinting source files', e as Error);
  }
  return fingerprintFromChunks(chunks, additionalChunk(options.additionalChunks));
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function fileChunk(file: FingerprintFile, options: FingerprintOptions): string {
  const entry = file.entry;
  if (entry === undefined) throw new Error(`lstat ${file.path}: no such file or directory`);
  const follow = options.followSymlinks === true;
  let digest = entry.sha256;
  if (entry.kind === 'symlink' && follow) {
    const target = file.target;
    if (target === undefined || target === null) {
      throw new Error(`lstat ${danglingPath(file.path, entry.linkTarget)}: no such file or directory`);
    }
    if (target.kind === 'dir') throw readDirError(file.path);
    digest = target.sha256;
  } else if (entry.kind === 'dir') {
    throw readDirError(file.path);
  }
  const withMode = options.modeIncluded !== false && file.excludeMode !== true;
  return file.name + 'sha256:' + digest + (withMode ? fingerprintModeOf(entry.kind, follow) : '');
}

/** Where EvalSymlinks gives up on a dangling link: the target, taken relative to the link's directory. */
function danglingPath(path: string, target: string | undefined): string {
  if (target === undefined) return path;
  if (target.startsWith('/')) return target;
  return path.slice(0, path.lastIndexOf('/') + 1) + target;
}

/** Digesting a directory: open succeeds, read fails (bosh-utils MultipleDigest, wrapped by DigestCalculator). */
function readDirError(path: string): Error {
  const read = new Error(`read ${path}: is a directory`);
  return new WrappedError(
    `Calculating digest for ${path}`,
    new WrappedError('Copying file for digest calculation', read),
  );
}
