import { join } from 'node:path';
import type { Blobstore } from '../../../ports/blobstore.js';
import { makeTempDir, removePath } from '../archives.js';

/**
 * The blobs an upload writes, so that nothing stays behind when it fails: every blob it puts is deleted on
 * `rollback`; blobs it replaces (`--fix`) are deleted only on `commit`, once the DB points at the new ones.
 */
export class UploadBlobs {
  private readonly created: string[] = [];
  private readonly replaced: string[] = [];
  private readonly kept = new Set<string>();

  constructor(
    private readonly blobstore: Blobstore,
    private readonly tmpRoot: string,
    private readonly debug: (line: string) => void,
  ) {}

  /** `BlobUtil.create_blob`. */
  async put(path: string): Promise<string> {
    const id = await this.blobstore.put(path);
    this.created.push(id);
    return id;
  }

  /** `BlobUtil.copy_blob`: a new blob with the content of `id` (each package has a blob of its own). */
  async copy(id: string): Promise<string> {
    const dir = await makeTempDir(this.tmpRoot, 'blob-copy-');
    try {
      const path = join(dir, 'blob');
      await this.blobstore.get(id, path);
      return await this.put(path);
    } finally {
      await removePath(dir);
    }
  }

  /** A blob to delete once the upload is stored. */
  replace(id: string | null): void {
    if (id !== null) this.replaced.push(id);
  }

  /** A blob the DB refers to now: a later failure must not delete it. */
  keep(id: string): void {
    this.kept.add(id);
  }

  async rollback(): Promise<void> {
    const unused = this.created.filter((id) => !this.kept.has(id));
    await this.deleteAll(unused, 'created by the failed upload');
  }

  async commit(): Promise<void> {
    await this.deleteAll(this.replaced, 'replaced');
  }

  private async deleteAll(ids: readonly string[], why: string): Promise<void> {
    for (const id of ids) {
      try {
        this.debug(`Deleting blob '${id}' ${why}`);
        await this.blobstore.delete(id);
      } catch (e) {
        this.debug(`Error deleting blob '${id}': ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}
