import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { wrapError } from '../../base/errors.js';
import type { BlobManager } from '../ports.js';

/** An id usable as one file name: `path.Split`'s last element, never empty, `.` or `..`. */
export function validBlobId(id: string): boolean {
  return id !== '' && id !== '.' && id !== '..' && !id.includes('/') && !id.includes('\0');
}

/** bosh-agent's BlobManager: one file per blob id in a directory (`data/blobs`, `data/sensitive_blobs`). */
export class DirBlobManager implements BlobManager {
  private counter = 0;

  constructor(private readonly dir: string) {}

  async path(blobId: string): Promise<string | undefined> {
    if (!validBlobId(blobId)) return undefined;
    const path = join(this.dir, blobId);
    try {
      return (await stat(path)).isFile() ? path : undefined;
    } catch {
      return undefined;
    }
  }

  async write(blobId: string, content: AsyncIterable<Uint8Array> | Uint8Array): Promise<void> {
    if (!validBlobId(blobId)) throw new Error(`Opening blob store file: invalid blob id '${blobId}'`);
    this.counter += 1;
    const tmp = join(this.dir, `.${blobId}.${String(this.counter)}.part`);
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o750 });
      const source = content instanceof Uint8Array ? Readable.from([content]) : Readable.from(content);
      await pipeline(source, createWriteStream(tmp, { mode: 0o640 }));
      await rename(tmp, join(this.dir, blobId));
    } catch (e) {
      await rm(tmp, { force: true });
      throw wrapError(e, 'Updating blob');
    }
  }

  async delete(blobId: string): Promise<void> {
    if (!validBlobId(blobId)) return;
    await rm(join(this.dir, blobId), { recursive: true, force: true });
  }
}
