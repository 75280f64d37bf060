import { createHash, randomUUID } from 'node:crypto';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { hashFile, parseMultipleDigest, verifyFileDigest } from '../../adapters/blobstore/digest.js';
import { wrapError } from '../../base/errors.js';
import type { Dirs } from '../dirs.js';
import type { AgentBlobstore, BlobManager, BlobSource } from '../ports.js';
import type { BlobstoreSettings } from '../settings/settings.js';
import { httpDownload } from './http-transfer.js';
import { blobProvider } from './providers.js';

export interface AgentBlobstoreDeps {
  readonly dirs: Dirs;
  /** Checked in order before the real blobstore (sensitive blobs, then `data/blobs`). */
  readonly managers: readonly BlobManager[];
  /** The effective blobstore settings, read at each use (update_settings may change them). */
  readonly settings: () => BlobstoreSettings;
  readonly newId?: () => string;
}

/**
 * The agent's blobstore: the cascading blobstore (local blob managers first) over the blobstore delegator (signed
 * URL when the spec gives one, else the configured provider), verifying every download against its digest.
 */
export class CascadingBlobstore implements AgentBlobstore {
  private counter = 0;

  constructor(private readonly deps: AgentBlobstoreDeps) {}

  async get(source: BlobSource): Promise<string> {
    const digest = parseMultipleDigest(source.digest);
    const dest = await this.tempFile();
    try {
      const local = await this.localPath(source.blobstoreId);
      if (local !== undefined) {
        await copyFile(local, dest);
        await verifyFileDigest(dest, digest).catch((e: unknown) => {
          throw wrapError(e, `Checking blob '${source.blobstoreId}'`);
        });
        return dest;
      }
      if (source.signedUrl !== undefined) {
        await httpDownload(
          new URL(source.signedUrl),
          dest,
          { headers: source.headers ?? {} },
          'Getting blob',
        );
      } else {
        await blobProvider(this.deps.settings(), this.deps.dirs)
          .get(source.blobstoreId, dest)
          .catch((e: unknown) => {
            throw wrapError(e, 'Getting blob from inner blobstore');
          });
      }
      await verifyFileDigest(dest, digest).catch((e: unknown) => {
        throw wrapError(e, `Checking downloaded blob '${source.blobstoreId}'`);
      });
      return dest;
    } catch (e) {
      await rm(dest, { force: true });
      throw e;
    }
  }

  async cleanUp(path: string): Promise<void> {
    await rm(path, { force: true });
  }

  async create(path: string): Promise<{ blobId: string; sha1: string }> {
    const hash = createHash('sha1');
    await hashFile(path, [hash]);
    const blobId = (this.deps.newId ?? randomUUID)();
    await blobProvider(this.deps.settings(), this.deps.dirs)
      .put(path, blobId)
      .catch((e: unknown) => {
        throw wrapError(e, 'Creating blob in inner blobstore');
      });
    return { blobId, sha1: hash.digest('hex') };
  }

  async delete(blobId: string): Promise<void> {
    for (const manager of this.deps.managers) {
      if ((await manager.path(blobId)) !== undefined) {
        await manager.delete(blobId);
        return;
      }
    }
  }

  private async localPath(blobId: string): Promise<string | undefined> {
    for (const manager of this.deps.managers) {
      const path = await manager.path(blobId);
      if (path !== undefined) return path;
    }
    return undefined;
  }

  private async tempFile(): Promise<string> {
    await mkdir(this.deps.dirs.tmp, { recursive: true, mode: 0o770 });
    this.counter += 1;
    return join(this.deps.dirs.tmp, `blob-${String(process.pid)}-${String(this.counter)}`);
  }
}
