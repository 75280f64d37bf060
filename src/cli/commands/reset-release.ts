import { dirOption, releaseDirOf } from '../release/dir-option.js';
import { resetRelease } from '../release/release-dir-init.js';
import { defineCommand } from './command.js';

/** `bosh reset-release`: removes dev builds, dev releases and local blobs. */
export const resetReleaseCommand = defineCommand({
  name: 'reset-release',
  aliases: [],
  description: 'Reset release',
  goOptsType: 'ResetReleaseOpts',
  options: dirOption,
  args: [],
  run: ({ options, deps }) => resetRelease(releaseDirOf(options.dir, deps.cwd)),
});
