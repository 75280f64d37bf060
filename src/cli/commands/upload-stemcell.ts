import { wrapError } from '../../base/errors.js';
import {
  stemcellNeedsUpload,
  uploadStemcellFile,
  uploadStemcellUrl,
} from '../director-client/api-stemcells.js';
import type { Director } from '../director-client/director.js';
import { openDirector } from '../director-client/open.js';
import { fileSize, stemcellMetadata } from '../director-client/stemcell-archive.js';
import { flag, text, value } from '../flags/option.js';
import { parseVersionArg } from '../flags/slugs.js';
import { isRemote } from '../release/upload-release.js';
import type { Ui } from '../ui/ui.js';
import { defineCommand } from './command.js';

/**
 * `bosh upload-stemcell URL|PATH`: unless `--fix`, asks the director whether it needs the stemcell (by its
 * `stemcell.MF`, or `--name`/`--version` for a URL) and says `Stemcell 'n/v' already exists.` when it does not.
 */
export const uploadStemcellCommand = defineCommand({
  name: 'upload-stemcell',
  aliases: ['us'],
  description: 'Upload stemcell',
  goOptsType: 'UploadStemcellOpts',
  options: {
    fix: flag({ long: 'fix', description: 'Replaces the stemcell if already exists' }),
    name: value(
      { long: 'name', description: 'Name used in existence check (is not used with local stemcell file)' },
      text,
    ),
    version: value(
      {
        long: 'version',
        description: 'Version used in existence check (is not used with local stemcell file)',
        goType: 'opts.VersionArg',
      },
      parseVersionArg,
    ),
    sha1: value(
      { long: 'sha1', description: 'SHA1 of the remote stemcell (is not used with local files)' },
      text,
    ),
  },
  args: [{ name: 'URL', description: 'Path to a local file or URL', required: true }],
  async run(ctx) {
    const o = ctx.options;
    const director = await openDirector(ctx);
    const url = String(ctx.args[0]);
    if (isRemote(url)) {
      if (await notNeeded(director, ctx.ui, o.name ?? '', o.version ?? '', o.fix)) return;
      await uploadStemcellUrl(director, url, o.sha1 ?? '', o.fix);
      return;
    }
    const path = url.startsWith('file://') ? url.slice('file://'.length) : url;
    let meta;
    try {
      meta = await stemcellMetadata(path);
    } catch (e) {
      throw wrapError(e, 'Retrieving stemcell info');
    }
    if (await notNeeded(director, ctx.ui, meta.name, meta.version, o.fix)) return;
    let size: number;
    try {
      size = await fileSize(path);
    } catch (e) {
      throw wrapError(wrapError(e, 'Determining stemcell file size'), 'Uploading stemcell file');
    }
    await uploadStemcellFile(director, path, size, o.fix);
  },
});

async function notNeeded(d: Director, ui: Ui, name: string, version: string, fix: boolean): Promise<boolean> {
  if (fix || (await stemcellNeedsUpload(d, name, version))) return false;
  ui.printLine(`Stemcell '${name}/${version}' already exists.`);
  return true;
}
