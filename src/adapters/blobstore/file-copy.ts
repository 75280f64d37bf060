import { open, type FileHandle } from 'node:fs/promises';
import { wrapError } from '../../base/errors.js';
import { goPathError, ioError } from '../fs/go-os-error.js';

const CHUNK = 1 << 20;

export interface CopyOptions {
  /** Mode of a newly created destination; the source's permission bits by default (as bosh-utils CopyFile). */
  readonly destMode?: number;
  /** Sees every chunk copied, e.g. to hash while copying. */
  readonly tap?: (chunk: Uint8Array) => void;
}

/**
 * bosh-utils osFileSystem.CopyFile: errors read `Opening source path`, `Stating source path`,
 * `Creating destination file` or `Copying file`, each wrapping Go's `open <path>: ...` style text.
 */
export async function copyFile(src: string, dst: string, options: CopyOptions = {}): Promise<void> {
  let from: FileHandle;
  try {
    from = await open(src, 'r');
  } catch (e) {
    throw wrapError(ioError(src, e), 'Opening source path');
  }
  try {
    let mode: number;
    try {
      mode = (await from.stat()).mode & 0o7777;
    } catch (e) {
      throw wrapError(goPathError('stat', src, e), 'Stating source path');
    }
    let to: FileHandle;
    try {
      to = await open(dst, 'w', options.destMode ?? mode);
    } catch (e) {
      throw wrapError(ioError(dst, e), 'Creating destination file');
    }
    try {
      await pump(from, src, to, dst, options.tap);
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
}

async function pump(
  from: FileHandle,
  src: string,
  to: FileHandle,
  dst: string,
  tap: ((chunk: Uint8Array) => void) | undefined,
): Promise<void> {
  const buffer = Buffer.allocUnsafe(CHUNK);
  for (;;) {
    let n: number;
    try {
      n = (await from.read(buffer, 0, CHUNK, null)).bytesRead;
    } catch (e) {
      throw wrapError(goPathError('read', src, e), 'Copying file');
    }
    if (n === 0) return;
    const chunk = buffer.subarray(0, n);
    tap?.(chunk);
    try {
      let written = 0;
      while (written < n) written += (await to.write(chunk, written, n - written)).bytesWritten;
    } catch (e) {
      throw wrapError(goPathError('write', dst, e), 'Copying file');
    }
  }
}
