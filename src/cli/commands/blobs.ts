import { type Blob } from '../../core/release/index.js';
import { readBlobs } from '../release/blobs-dir.js';
import { iecBytes } from '../release/byte-size.js';
import { dirOption, releaseDirOf } from '../release/dir-option.js';
import { headers, type Table } from '../ui/table.js';
import { defineCommand } from './command.js';

/** `bosh blobs`: the blobs of `config/blobs.yml` with their size, blobstore id (or `(local)`) and digest. */
export const blobsCommand = defineCommand({
  name: 'blobs',
  aliases: [],
  description: 'List blobs',
  goOptsType: 'BlobsOpts',
  options: dirOption,
  args: [],
  run: async ({ ui, options, deps }) => {
    ui.printTable(blobsTable(await readBlobs(releaseDirOf(options.dir, deps.cwd))));
  },
});

/** The `blobs` table: sorted by path, sizes in IEC units (`1.0 KiB`). */
export function blobsTable(blobs: readonly Blob[]): Table {
  return {
    content: 'blobs',
    header: headers('Path', 'Size', 'Blobstore ID', 'Digest'),
    rows: blobs.map((b) => [
      b.path,
      iecBytes(b.size),
      b.objectId === undefined || b.objectId === '' ? '(local)' : b.objectId,
      b.sha,
    ]),
    sortBy: [{ column: 0, asc: true }],
  };
}
