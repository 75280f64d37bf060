import { randomUUID } from 'node:crypto';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { wrapError } from '../../base/errors.js';
import { parallelDo } from '../../base/work-pool.js';
import { parseMultipleDigest, sha256File, verifyFileDigest } from '../../adapters/blobstore/index.js';
import { goPathError } from '../../adapters/fs/go-os-error.js';
import type { Blob } from '../../core/release/index.js';
import type { Blobstore } from '../../ports/blobstore.js';
import type { Ui } from '../ui/ui.js';
import {
  cleanJoin,
  copyHandle,
  listUnder,
  makeDirs,
  moveFile,
  pathExists,
  removeAll,
  statSize,
} from './release-files.js';
import { readBlobs, saveBlobs } from './blobs-index-file.js';
import { BlobsReporter } from './blobs-reporter.js';
import { openReleaseBlobstore } from './release-blobstore.js';
import type { ReleaseTools } from './release-tools.js';

export { initBlobsIndex, readBlobs, untrackBlob } from './blobs-index-file.js';

/** What the blobs directory needs of the release tools. */
export type BlobsTools = Pick<ReleaseTools, 'blobstore' | 'tempRoot'>;

export const SYMLINKS_IN_BLOBS =
  'Bailing because symlinks found in blobs directory. If switching from CLI v1, please use the `reset-release` command.';

/**
 * `blobs/` and its index `config/blobs.yml` (bosh-cli releasedir FSBlobsDir): tracking local files as blobs,
 * uploading them to the release blobstore, and syncing `blobs/` with the index. Listing, initializing and
 * untracking need no blobstore: see blobs-index-file.ts.
 */
export class BlobsDir {
  readonly dirPath: string;
  private store: Promise<Blobstore> | undefined;

  constructor(
    private readonly releaseDir: string,
    private readonly tools: BlobsTools,
    private readonly reporter: BlobsReporter,
  ) {
    this.dirPath = join(releaseDir, 'blobs');
  }

  blobs(): Promise<Blob[]> {
    return readBlobs(this.releaseDir);
  }

  /**
   * Refuses symlinks anywhere under `blobs/`, deletes files the index does not list, then downloads (with
   * `parallel` workers, errors collected as a MultiError) every uploaded blob whose local copy is missing or has
   * another digest.
   */
  async syncBlobs(parallel: number): Promise<void> {
    const blobs = await this.blobs();
    // bosh-cli's symlink check treats a tree it cannot list as free of symlinks; the listing below then fails.
    const items = await listUnder(this.dirPath).catch(() => []);
    if (items.some((i) => i.kind === 'symlink')) throw new Error(SYMLINKS_IN_BLOBS);
    await step(() => this.removeUnknownBlobs(blobs), 'Syncing blobs');
    await parallelDo(
      parallel,
      blobs.map((blob) => async () => {
        if (blob.objectId !== undefined && blob.objectId !== '') await this.downloadBlob(blob, blob.objectId);
      }),
    );
  }

  /**
   * Copies the open file `source` (named `sourcePath` in errors) to `blobs/<path>` (mode 0600) and records its
   * size and sha256 digest, replacing any entry of that path (and so its object id).
   */
  async trackBlob(path: string, source: FileHandle, sourcePath: string): Promise<Blob> {
    const temp = await step(() => this.tempPath('track-blob'), 'Creating temp blob');
    try {
      let target: FileHandle;
      try {
        target = await open(temp, 'wx', 0o600);
      } catch (e) {
        throw wrapError(goPathError('open', temp, e), 'Creating temp blob');
      }
      try {
        await step(() => copyHandle(source, sourcePath, target, temp), 'Populating temp blob');
      } finally {
        await target.close();
      }
      const sha = await step(() => sha256File(temp), 'Calculating temp blob sha1');
      const size = await step(() => statSize(temp), 'Stating temp blob');
      const blob: Blob = { path, size, sha };
      const others = (await this.blobs()).filter((b) => b.path !== path);
      await this.moveBlobLocally(temp, join(this.dirPath, path));
      await saveBlobs(this.releaseDir, [...others, blob]);
      return blob;
    } finally {
      await removeAll(temp).catch(() => undefined);
    }
  }

  /** Uploads, in path order, every blob without an object id, saving the index after each one. */
  async uploadBlobs(): Promise<void> {
    const blobs = await this.blobs();
    for (const [i, blob] of blobs.entries()) {
      if (blob.objectId !== undefined && blob.objectId !== '') continue;
      const id = await this.uploadBlob(blob);
      blobs[i] = { ...blob, objectId: id };
      await step(
        () => saveBlobs(this.releaseDir, blobs),
        `Saving newly created blob '${id}' for path '${blob.path}'`,
      );
    }
  }

  private async removeUnknownBlobs(blobs: readonly Blob[]): Promise<void> {
    const items = await step(() => listUnder(this.dirPath), 'Checking for unknown blobs');
    const known = new Set(blobs.map((b) => cleanJoin(this.dirPath, b.path)));
    for (const item of items) {
      if (item.kind === 'dir' || known.has(item.path)) continue;
      await step(() => removeAll(item.path), 'Removing unknown blob');
    }
  }

  private async downloadBlob(blob: Blob, id: string): Promise<void> {
    const dst = join(this.dirPath, blob.path);
    const digest = await step(
      () => Promise.resolve(parseMultipleDigest(blob.sha)),
      `Generating multi digest for blob '${id}' for path '${blob.path}' with digest string '${blob.sha}'`,
    );
    if (await pathExists(dst)) {
      const intact = await verifyFileDigest(dst, digest).then(
        () => true,
        () => false,
      );
      if (intact) return;
    }
    this.reporter.downloadStarted(blob.path, blob.size, id, blob.sha);
    let temp: string;
    try {
      temp = await this.tempPath('bosh-blobstore-Get');
      await (await this.blobstore()).get(id, temp, blob.sha);
    } catch (e) {
      this.reporter.downloadFinished(blob.path, id, true);
      throw wrapError(e, `Getting blob '${id}' for path '${blob.path}'`);
    }
    this.reporter.downloadFinished(blob.path, id, false);
    await this.moveBlobLocally(temp, dst);
  }

  private async uploadBlob(blob: Blob): Promise<string> {
    this.reporter.uploadStarted(blob.path, blob.size, blob.sha);
    let id: string;
    try {
      id = await (await this.blobstore()).put(join(this.dirPath, blob.path));
    } catch (e) {
      this.reporter.uploadFinished(blob.path, '', true);
      throw wrapError(e, `Creating blob for path '${blob.path}'`);
    }
    this.reporter.uploadFinished(blob.path, id, false);
    return id;
  }

  private async moveBlobLocally(src: string, dst: string): Promise<void> {
    await makeDirs(dirname(dst), 'Creating subdirs in blobs/');
    await step(() => moveFile(src, dst), 'Moving temp blob to blobs/');
  }

  /** The release blobstore, configured on first use; a configuration error fails each use, as in bosh-cli. */
  private blobstore(): Promise<Blobstore> {
    this.store ??= openReleaseBlobstore(this.releaseDir, this.tools.blobstore);
    return this.store;
  }

  /** A fresh path in the CLI's temp root (which is created when missing). */
  private async tempPath(prefix: string): Promise<string> {
    try {
      await mkdir(this.tools.tempRoot, { recursive: true });
    } catch (e) {
      throw goPathError('mkdir', this.tools.tempRoot, e);
    }
    return join(this.tools.tempRoot, `${prefix}${randomUUID()}`);
  }
}

/** `create-release` and `sync-blobs`: FSBlobsDir.SyncBlobs with the blob progress lines on `ui`. */
export function syncBlobs(releaseDir: string, tools: BlobsTools, ui: Ui, parallel: number): Promise<void> {
  return new BlobsDir(releaseDir, tools, new BlobsReporter(ui)).syncBlobs(parallel);
}

async function step<T>(action: () => Promise<T>, context: string): Promise<T> {
  try {
    return await action();
  } catch (e) {
    throw wrapError(e, context);
  }
}
