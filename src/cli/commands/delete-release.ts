import { wrapError } from '../../base/errors.js';
import { deleteReleaseOrSeries, hasReleaseVersion, releaseSeries } from '../director-client/api-releases.js';
import type { Director } from '../director-client/director.js';
import { openDirector } from '../director-client/open.js';
import { flag } from '../flags/option.js';
import { parseReleaseOrSeries, parseVersionArg } from '../flags/slugs.js';
import { defineCommand } from './command.js';

/** `bosh delete-release NAME[/VERSION]`: asks, then deletes one version or every version of a release. */
export const deleteReleaseCommand = defineCommand({
  name: 'delete-release',
  aliases: ['delr'],
  description: 'Delete release',
  goOptsType: 'DeleteReleaseOpts',
  options: { force: flag({ long: 'force', description: 'Ignore errors' }) },
  args: [{ name: 'NAME[/VERSION]', description: '', required: true }],
  parseArg: (_i, raw) => Promise.resolve(parseReleaseOrSeries(raw)),
  async run(ctx) {
    const director = await openDirector(ctx);
    await ctx.ui.askForConfirmation();
    const slug = ctx.args[0] as { name: string; version: string };
    const force = ctx.options.force;
    if (slug.version !== '') {
      let version: string;
      try {
        version = parseVersionArg(slug.version);
      } catch (e) {
        throw wrapError(e, `Parsing version for release '${slug.name}/${slug.version}'`);
      }
      if (!(await hasReleaseVersion(director, slug.name, version))) {
        ctx.ui.printLine(`Release '${slug.name}/${version}' does not exist.`);
        return;
      }
      await deleteIgnoringGone(director, slug.name, version, force, () =>
        hasReleaseVersion(director, slug.name, version),
      );
      return;
    }
    const exists = async (): Promise<boolean> =>
      (await releaseSeries(director)).some((s) => s.name === slug.name);
    if (!(await exists())) {
      ctx.ui.printLine(`Release '${slug.name}' does not exist.`);
      return;
    }
    await deleteIgnoringGone(director, slug.name, '', force, exists);
  },
});

/** A failed delete is an error only while the release (or the check itself) is still there. */
async function deleteIgnoringGone(
  d: Director,
  name: string,
  version: string,
  force: boolean,
  stillThere: () => Promise<boolean>,
): Promise<void> {
  try {
    await deleteReleaseOrSeries(d, name, version, force);
  } catch (e) {
    let found = true;
    try {
      found = await stillThere();
    } catch {
      // the listing failed too: report the delete failure
    }
    if (found) throw e;
  }
}
