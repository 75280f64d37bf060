import { dirname, join } from 'node:path';
import { wrapError } from '../../base/errors.js';
import { type Blob, emitBlobsIndex, INITIAL_BLOBS_INDEX, parseBlobsIndex } from '../../core/release/index.js';
import { makeDirs, readTextFile, removeAll, writeTextFile } from './release-files.js';

/** `config/blobs.yml` of a release directory. */
export function blobsIndexPath(releaseDir: string): string {
  return join(releaseDir, 'config', 'blobs.yml');
}

/** FSBlobsDir.Blobs: the index, sorted by path. */
export async function readBlobs(releaseDir: string): Promise<Blob[]> {
  let text: string;
  try {
    text = await readTextFile(blobsIndexPath(releaseDir));
  } catch (e) {
    throw wrapError(e, 'Reading blobs index');
  }
  return parseBlobsIndex(text);
}

/** FSBlobsDir.save: the index rewritten as yaml.v2 marshals it. */
export async function saveBlobs(releaseDir: string, blobs: readonly Blob[]): Promise<void> {
  try {
    await writeTextFile(blobsIndexPath(releaseDir), emitBlobsIndex(blobs));
  } catch (e) {
    throw wrapError(e, 'Writing blobs index');
  }
}

/** FSBlobsDir.Init: `config/blobs.yml` reset to an empty index, `--- {}`. */
export async function initBlobsIndex(releaseDir: string): Promise<void> {
  const path = blobsIndexPath(releaseDir);
  await makeDirs(dirname(path), 'Creating blobs/');
  try {
    await writeTextFile(path, INITIAL_BLOBS_INDEX);
  } catch (e) {
    throw wrapError(e, 'Initing blobs.yml');
  }
}

/** FSBlobsDir.UntrackBlob: deletes `blobs/<path>` and its index entry (an untracked path only loses its file). */
export async function untrackBlob(releaseDir: string, path: string): Promise<void> {
  const blobs = await readBlobs(releaseDir);
  try {
    await removeAll(join(releaseDir, 'blobs', path));
  } catch (e) {
    throw wrapError(e, 'Removing blob from blobs/');
  }
  if (blobs.some((b) => b.path === path))
    await saveBlobs(
      releaseDir,
      blobs.filter((b) => b.path !== path),
    );
}
