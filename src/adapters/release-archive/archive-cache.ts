import { randomUUID } from 'node:crypto';
import { chmod, mkdir, rename, rm } from 'node:fs/promises';
import { isAbsolute, join, posix } from 'node:path';
import { wrapError } from '../../base/errors.js';
import type { Blobstore } from '../../ports/blobstore.js';
import type { ArchiveCache, ArchiveTransferReporter } from '../../ports/release-archive.js';
import { parseMultipleDigest, verifyFileDigest } from '../blobstore/digest.js';
import { copyFile } from '../blobstore/file-copy.js';
import { isFile } from '../fs/exists.js';
import { ioError } from '../fs/go-os-error.js';

export interface FsArchiveCacheOptions {
  /** `~/.bosh/cache`, absolute. */
  readonly cacheDir: string;
  /** The release blobstore, for final builds; none for dev builds. */
  readonly blobstore?: Blobstore;
  readonly reporter?: ArchiveTransferReporter;
}

/** bosh-cli's FSIndexBlobs: `<cacheDir>/<digest string>` files (0600), checked against their digest when read. */
export class FsArchiveCache implements ArchiveCache {
  constructor(private readonly options: FsArchiveCacheOptions) {}

  async get(entry: { name: string; digest: string; blobstoreId?: string }): Promise<string> {
    const { name, digest } = entry;
    const blobstoreId = entry.blobstoreId ?? '';
    const dst = await this.blobPath(digest);
    if (await isFile(dst)) {
      const parsed = parseMultipleDigest(digest);
      try {
        await verifyFileDigest(dst, parsed);
      } catch (e) {
        throw wrapError(e, `Local copy ('${dst}') of blob '${blobstoreId}' digest verification error`);
      }
      return dst;
    }
    const blobstore = this.options.blobstore;
    if (blobstore && blobstoreId !== '') {
      const desc = `sha1=${digest}`;
      try {
        parseMultipleDigest(digest);
      } catch (e) {
        throw wrapError(e, `Downloading blob '${blobstoreId}' with digest '${digest}'`);
      }
      this.options.reporter?.downloadStarted(name, desc);
      try {
        await blobstore.get(blobstoreId, dst, digest);
      } catch (e) {
        this.options.reporter?.downloadFinished(name, desc, true);
        throw wrapError(e, `Downloading blob '${blobstoreId}' with digest string '${digest}'`);
      }
      this.options.reporter?.downloadFinished(name, desc, false);
      return dst;
    }
    if (blobstoreId === '') throw new Error(`Cannot find blob named '${name}' with SHA1 '${digest}'`);
    throw new Error(`Cannot find blob '${blobstoreId}' with SHA1 '${digest}'`);
  }

  async add(entry: {
    name: string;
    path: string;
    digest: string;
    move?: boolean;
  }): Promise<{ cachePath: string; blobstoreId?: string }> {
    const { name, path, digest } = entry;
    const dst = await this.blobPath(digest);
    if (!(await isFile(dst))) {
      try {
        await this.store(path, dst, entry.move === true);
      } catch (e) {
        throw wrapError(e, `Copying file '${path}' with SHA1 '${digest}' into cache`);
      }
    } else if (entry.move === true) {
      await rm(path, { force: true });
    }
    const blobstore = this.options.blobstore;
    if (!blobstore) return { cachePath: dst };
    const desc = `sha1=${digest}`;
    this.options.reporter?.uploadStarted(name, desc);
    let blobstoreId: string;
    try {
      blobstoreId = await blobstore.put(dst);
    } catch (e) {
      this.options.reporter?.uploadFinished(name, desc, true);
      throw wrapError(e, `Creating blob for path '${path}'`);
    }
    this.options.reporter?.uploadFinished(name, desc, false);
    return { cachePath: dst, blobstoreId };
  }

  /** Into the cache atomically (a rename, or a copy beside the target and a rename), mode 0600. */
  private async store(path: string, dst: string, move: boolean): Promise<void> {
    if (move) {
      try {
        await rename(path, dst);
        await chmod(dst, 0o600);
        return;
      } catch (e) {
        const code = typeof e === 'object' && e !== null && 'code' in e ? e.code : undefined;
        if (code !== 'EXDEV') throw ioError(path, e);
      }
    }
    const temp = `${dst}.${randomUUID()}.tmp`;
    try {
      await copyFile(path, temp, { destMode: 0o600 });
      await rename(temp, dst);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
    if (move) await rm(path, { force: true });
  }

  private async blobPath(digest: string): Promise<string> {
    const dir = this.options.cacheDir;
    try {
      await mkdir(dir, { recursive: true });
    } catch (e) {
      throw wrapError(ioError(dir, e), 'Creating cache directory');
    }
    if (!isLocalPath(digest)) throw new Error(`Invalid blob SHA1 '${digest}': must be a safe local path`);
    return join(dir, digest);
  }
}

/** Go's filepath.IsLocal on Unix: non-empty, relative, and not escaping upwards once cleaned. */
function isLocalPath(path: string): boolean {
  if (path === '' || isAbsolute(path)) return false;
  const clean = posix.normalize(path);
  return clean !== '..' && !clean.startsWith('../');
}
