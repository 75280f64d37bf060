import { randomUUID } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { wrapError } from '../../base/errors.js';
import { ioError } from '../fs/go-os-error.js';
import { copyFile } from './file-copy.js';

/**
 * A blobstore provider without digests or retries (bosh-utils `Blobstore`): local, and later s3/gcs. The
 * VerifyingBlobstore turns one into the `Blobstore` port.
 */
export interface ProviderBlobstore {
  /** Stores a copy of the file under a new id. */
  create(sourcePath: string): Promise<string>;
  /** Copies the blob to `destPath` (a new file, mode 0600), passing every chunk to `tap`. */
  getTo(id: string, destPath: string, tap?: (chunk: Uint8Array) => void): Promise<void>;
  delete(id: string): Promise<void>;
  exists(id: string): Promise<boolean>;
}

/** bosh-utils localBlobstore: one file per blob, named by its id, in `blobstore_path` (created 0770). */
export class LocalBlobstore implements ProviderBlobstore {
  constructor(
    private readonly root: string,
    private readonly newId: () => string = randomUUID,
  ) {}

  async create(sourcePath: string): Promise<string> {
    const id = this.newId();
    await this.createAs(id, sourcePath);
    return id;
  }

  /** Stores a copy of the file under a given id (a blob the director named in a signed upload URL). */
  async createAs(id: string, sourcePath: string): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true, mode: 0o770 });
    } catch (e) {
      throw wrapError(ioError(this.root, e), 'Making blobstore path');
    }
    try {
      await copyFile(sourcePath, this.blobPath(id));
    } catch (e) {
      throw wrapError(e, 'Copying file to blobstore path');
    }
  }

  async getTo(id: string, destPath: string, tap?: (chunk: Uint8Array) => void): Promise<void> {
    const options = tap ? { destMode: 0o600, tap } : { destMode: 0o600 };
    try {
      await copyFile(this.blobPath(id), destPath, options);
    } catch (e) {
      throw wrapError(e, 'Copying file');
    }
  }

  async delete(id: string): Promise<void> {
    const path = this.blobPath(id);
    try {
      await rm(path, { recursive: true, force: true });
    } catch (e) {
      throw ioError(path, e);
    }
  }

  async exists(id: string): Promise<boolean> {
    try {
      return (await stat(this.blobPath(id))).isFile();
    } catch {
      return false;
    }
  }

  /** `path.Join(blobstore_path, id)`; an id that is not a single path element is refused rather than resolved. */
  private blobPath(id: string): string {
    if (id === '' || id === '.' || id === '..' || id.includes('/') || id.includes('\0')) {
      throw new Error(`Invalid blob id '${id}': must be a single path element`);
    }
    return posix.join(this.root, id);
  }
}
