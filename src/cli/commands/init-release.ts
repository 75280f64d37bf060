import { flag } from '../flags/option.js';
import { dirOption, releaseDirOf } from '../release/dir-option.js';
import { initRelease } from '../release/release-dir-init.js';
import { defineCommand } from './command.js';

/** `bosh init-release [--git]`: the release skeleton (jobs/, packages/, src/, config/), optionally a git repo. */
export const initReleaseCommand = defineCommand({
  name: 'init-release',
  aliases: [],
  description: 'Initialize release',
  goOptsType: 'InitReleaseOpts',
  options: {
    ...dirOption,
    git: flag({ long: 'git', description: 'Initialize git repository' }),
  },
  args: [],
  run: async ({ options, deps }) => {
    const dir = releaseDirOf(options.dir, deps.cwd);
    const git = options.git ? (await deps.releaseTools()).gitRepo(dir) : undefined;
    await initRelease(dir, git);
  },
});
