import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { toError, wrapError } from '../../base/errors.js';
import type { Blobstore } from '../../ports/blobstore.js';
import { parseMultipleDigest, type MultipleDigest } from './digest.js';
import { ioError } from '../fs/go-os-error.js';
import type { ProviderBlobstore } from './local-blobstore.js';

/**
 * bosh-utils DigestVerifiableBlobstore inside RetryableBlobstore (3 tries), over a provider. The digest is checked
 * while the blob is copied, and the destination only appears once it is complete and verified.
 */
export class VerifyingBlobstore implements Blobstore {
  private readonly tries: number;

  constructor(
    private readonly provider: ProviderBlobstore,
    tries = 3,
  ) {
    this.tries = Math.max(1, Math.floor(tries));
  }

  async put(sourcePath: string): Promise<string> {
    let last: Error = new Error('no attempt made');
    for (let i = 0; i < this.tries; i++) {
      try {
        // DigestVerifiableBlobstore.Create digests the file before the provider sees it: same error when it is missing.
        await (await open(sourcePath, 'r')).close();
      } catch (e) {
        last = ioError(sourcePath, e);
        continue;
      }
      try {
        return await this.provider.create(sourcePath);
      } catch (e) {
        last = toError(e);
      }
    }
    throw wrapError(last, 'Creating blob in inner blobstore');
  }

  async get(id: string, destPath: string, digest?: string): Promise<void> {
    const parsed = digest === undefined ? undefined : parseMultipleDigest(digest);
    try {
      await mkdir(dirname(destPath), { recursive: true });
    } catch (e) {
      throw ioError(dirname(destPath), e);
    }
    let last: Error = new Error('no attempt made');
    for (let i = 0; i < this.tries; i++) {
      try {
        await this.getOnce(id, destPath, parsed);
        return;
      } catch (e) {
        last = toError(e);
      }
    }
    throw wrapError(last, 'Getting blob from inner blobstore');
  }

  delete(id: string): Promise<void> {
    return this.provider.delete(id);
  }

  exists(id: string): Promise<boolean> {
    return this.provider.exists(id);
  }

  private async getOnce(id: string, destPath: string, digest: MultipleDigest | undefined): Promise<void> {
    const temp = `${destPath}.${randomUUID()}.download`;
    const verifier = digest?.verifier();
    try {
      try {
        await this.provider.getTo(
          id,
          temp,
          verifier
            ? (chunk) => {
                verifier.update(chunk);
              }
            : undefined,
        );
      } catch (e) {
        throw wrapError(e, 'Getting blob from inner blobstore');
      }
      try {
        verifier?.verify();
      } catch (e) {
        throw wrapError(e, `Checking downloaded blob '${id}'`);
      }
      await rename(temp, destPath);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
  }
}

/** bosh-cli ErrBlobstore: a blobstore that could not be configured; every operation fails with that error. */
export class ErrBlobstore implements Blobstore {
  constructor(readonly error: Error) {}

  put(): Promise<string> {
    return Promise.reject(this.error);
  }
  get(): Promise<void> {
    return Promise.reject(this.error);
  }
  delete(): Promise<void> {
    return Promise.reject(this.error);
  }
  exists(): Promise<boolean> {
    return Promise.reject(this.error);
  }
}
