import { dirOption, releaseDirOf, releaseIdentityOptions } from '../release/dir-option.js';
import { finalizeTarball } from '../release/finalize-tarball.js';
import { tablesOf } from '../release/release-manifest-of.js';
import { printReleaseTables } from '../release/release-tables.js';
import { defineCommand } from './command.js';

/** `bosh finalize-release PATH`: make a release tarball final in this release directory. */
export const finalizeReleaseCommand = defineCommand({
  name: 'finalize-release',
  aliases: [],
  description: 'Create final release from dev release tarball',
  goOptsType: 'FinalizeReleaseOpts',
  options: {
    ...dirOption,
    ...releaseIdentityOptions,
  },
  args: [{ name: 'PATH', description: 'Path to dev release tarball', required: true }],
  parseArg: (_i, raw, ctx) => Promise.resolve(ctx.fs.expandPath(raw)),
  async run({ ui, options: o, args, deps, globals }) {
    const tools = await deps.releaseTools();
    const manifest = await finalizeTarball(
      {
        dir: releaseDirOf(o.dir, deps.cwd),
        tarball: String(args[0]),
        name: o.name,
        version: o.version,
        force: o.force,
        parallel: globals.parallel ?? 5,
      },
      tools,
      ui,
    );
    printReleaseTables(ui, tablesOf(manifest));
  },
});
