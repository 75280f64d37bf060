import { wrapError } from '../../base/errors.js';
import { BlobsDir } from '../release/blobs-dir.js';
import { BlobsReporter } from '../release/blobs-reporter.js';
import { dirOption, releaseDirOf } from '../release/dir-option.js';
import { defineCommand } from './command.js';

/** `bosh upload-blobs`: uploads blobs that have no object id yet to the release blobstore and records the ids. */
export const uploadBlobsCommand = defineCommand({
  name: 'upload-blobs',
  aliases: [],
  description: 'Upload blobs',
  goOptsType: 'UploadBlobsOpts',
  options: dirOption,
  args: [],
  run: async ({ ui, options, deps }) => {
    const tools = await deps.releaseTools();
    const blobsDir = new BlobsDir(releaseDirOf(options.dir, deps.cwd), tools, new BlobsReporter(ui));
    try {
      await blobsDir.uploadBlobs();
    } catch (e) {
      throw wrapError(e, 'Uploading blobs');
    }
  },
});
