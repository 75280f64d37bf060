import { openDirector } from '../director-client/open.js';
import { flag, text, value } from '../flags/option.js';
import { parseSlug, parseVersionArg } from '../flags/slugs.js';
import { dirOption, releaseDirOf } from '../release/dir-option.js';
import { uploadReleaseFlow } from '../release/upload-release-flow.js';
import { defineCommand } from './command.js';

/**
 * `bosh upload-release [URL|PATH]`: a remote release is fetched by the director; a tarball, release manifest or
 * release directory (or, without an argument, the latest release of `--dir`) is uploaded without the packages the
 * director has. With `--name` and `--version`, nothing happens when the director has that release already.
 */
export const uploadReleaseCommand = defineCommand({
  name: 'upload-release',
  aliases: ['ur'],
  description: 'Upload release',
  goOptsType: 'UploadReleaseOpts',
  options: {
    ...dirOption,
    rebase: flag({
      long: 'rebase',
      description: 'Rebases this release onto the latest version known by the Director',
    }),
    fix: flag({ long: 'fix', description: 'Replaces corrupt and missing jobs and packages' }),
    name: value(
      { long: 'name', description: 'Name used in existence check (is not used with local release file)' },
      text,
    ),
    version: value(
      {
        long: 'version',
        description: 'Version used in existence check (is not used with local release file)',
        goType: 'opts.VersionArg',
      },
      parseVersionArg,
    ),
    sha1: value(
      { long: 'sha1', description: 'SHA1 of the remote release (is not used with local files)' },
      text,
    ),
    stemcell: value(
      {
        long: 'stemcell',
        valueName: 'OS/VERSION',
        description: 'Stemcell that the release is compiled against (applies to remote releases)',
        goType: 'director.OSVersionSlug',
      },
      (raw) => {
        parseSlug('OS', raw);
        return raw;
      },
    ),
  },
  args: [{ name: 'URL', description: 'Path to a local file or URL', required: false }],
  async run(ctx) {
    const o = ctx.options;
    const director = await openDirector(ctx);
    await uploadReleaseFlow(director, ctx.ui, () => ctx.deps.releaseTools(), {
      url: typeof ctx.args[0] === 'string' ? ctx.args[0] : '',
      dir: releaseDirOf(o.dir, ctx.deps.cwd),
      rebase: o.rebase,
      fix: o.fix,
      name: o.name ?? '',
      version: o.version ?? '',
      sha1: o.sha1 ?? '',
      stemcell: o.stemcell,
      parallel: ctx.globals.parallel ?? 5,
    });
  },
});
