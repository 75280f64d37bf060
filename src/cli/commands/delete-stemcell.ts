import { wrapError } from '../../base/errors.js';
import { deleteStemcell } from '../director-client/api-stemcells.js';
import { openDirector } from '../director-client/open.js';
import { flag } from '../flags/option.js';
import { parseSlug, parseVersionArg } from '../flags/slugs.js';
import { defineCommand } from './command.js';

/** `bosh delete-stemcell NAME/VERSION`: asks, then deletes it (a stemcell already gone is not an error). */
export const deleteStemcellCommand = defineCommand({
  name: 'delete-stemcell',
  aliases: ['dels'],
  description: 'Delete stemcell',
  goOptsType: 'DeleteStemcellOpts',
  options: { force: flag({ long: 'force', description: 'Ignore errors' }) },
  args: [{ name: 'NAME/VERSION', description: '', required: true }],
  parseArg: (_i, raw) => Promise.resolve(parseSlug('stemcell', raw)),
  async run(ctx) {
    const director = await openDirector(ctx);
    await ctx.ui.askForConfirmation();
    const slug = ctx.args[0] as { name: string; version: string };
    let version: string;
    try {
      version = parseVersionArg(slug.version);
    } catch (e) {
      throw wrapError(e, `Parsing version for stemcell '${slug.name}/${slug.version}'`);
    }
    await deleteStemcell(director, slug.name, version, ctx.options.force);
  },
});
