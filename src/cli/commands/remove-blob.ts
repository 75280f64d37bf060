import { wrapError } from '../../base/errors.js';
import { untrackBlob } from '../release/blobs-dir.js';
import { dirOption, releaseDirOf } from '../release/dir-option.js';
import { defineCommand } from './command.js';

/** `bosh remove-blob BLOBS-PATH`: deletes the blob from `blobs/` and from `config/blobs.yml`. */
export const removeBlobCommand = defineCommand({
  name: 'remove-blob',
  aliases: [],
  description: 'Remove blob',
  goOptsType: 'RemoveBlobOpts',
  options: dirOption,
  args: [{ name: 'BLOBS-PATH', description: '', required: true }],
  run: async ({ ui, options, args, deps }) => {
    const blobsPath = String(args[0]);
    try {
      await untrackBlob(releaseDirOf(options.dir, deps.cwd), blobsPath);
    } catch (e) {
      throw wrapError(e, 'Untracking blob');
    }
    ui.printLine(`Removed blob '${blobsPath}'`);
  },
});
