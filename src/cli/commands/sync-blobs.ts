import { wrapError } from '../../base/errors.js';
import { syncBlobs } from '../release/blobs-dir.js';
import { dirOption, releaseDirOf } from '../release/dir-option.js';
import { defineCommand } from './command.js';

/** `bosh sync-blobs`: downloads missing or changed blobs and deletes files `config/blobs.yml` does not list. */
export const syncBlobsCommand = defineCommand({
  name: 'sync-blobs',
  aliases: [],
  description: 'Sync blobs',
  goOptsType: 'SyncBlobsOpts',
  options: dirOption,
  args: [],
  run: async ({ ui, globals, options, deps }) => {
    const tools = await deps.releaseTools();
    try {
      await syncBlobs(releaseDirOf(options.dir, deps.cwd), tools, ui, globals.parallel ?? 5);
    } catch (e) {
      throw wrapError(e, 'Downloading blobs');
    }
  },
});
