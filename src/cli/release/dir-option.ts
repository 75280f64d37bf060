import { value } from '../flags/option.js';

/** `--dir`: the release directory, expanded to an absolute path (bosh-cli DirOrCWDArg, default "."). */
export const dirOption = {
  dir: value(
    {
      long: 'dir',
      description: 'Release directory path if not current working directory',
      defaultText: '.',
      goType: 'opts.DirOrCWDArg',
    },
    (raw, ctx) => ctx.fs.expandPath(raw === '' ? '.' : raw),
  ),
};

/** The release directory a command works in: `--dir`, or the current directory. */
export function releaseDirOf(dir: string | undefined, cwd: string): string {
  return dir ?? cwd;
}
