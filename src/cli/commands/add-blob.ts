import { open, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import { wrapError } from '../../base/errors.js';
import { goPathError } from '../../adapters/fs/go-os-error.js';
import { BlobsDir } from '../release/blobs-dir.js';
import { BlobsReporter } from '../release/blobs-reporter.js';
import { dirOption, releaseDirOf } from '../release/dir-option.js';
import { defineCommand } from './command.js';

/** `bosh add-blob PATH BLOBS-PATH`: copies a local file into `blobs/` and tracks it in `config/blobs.yml`. */
export const addBlobCommand = defineCommand({
  name: 'add-blob',
  aliases: [],
  description: 'Add blob',
  goOptsType: 'AddBlobOpts',
  options: dirOption,
  args: [
    { name: 'PATH', description: '', required: true },
    { name: 'BLOBS-PATH', description: '', required: true },
  ],
  run: async ({ ui, options, args, deps }) => {
    const sourcePath = String(args[0]);
    const blobsPath = String(args[1]);
    let source: FileHandle;
    try {
      source = await open(resolve(deps.cwd, sourcePath), 'r');
    } catch (e) {
      throw wrapError(goPathError('open', sourcePath, e), 'Opening blob');
    }
    try {
      const tools = await deps.releaseTools();
      const blobsDir = new BlobsDir(releaseDirOf(options.dir, deps.cwd), tools, new BlobsReporter(ui));
      const blob = await blobsDir.trackBlob(blobsPath, source, sourcePath).catch((e: unknown) => {
        throw wrapError(e, 'Tracking blob');
      });
      ui.printLine(`Added blob '${blob.path}'`);
    } finally {
      await source.close();
    }
  },
});
