import { flag, text, value } from '../flags/option.js';

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

/** `--name`, `--version` and `--force`, shared by create-release and finalize-release (bosh-cli spells them alike). */
export const releaseIdentityOptions = {
  name: value({ long: 'name', description: 'Custom release name' }, text),
  version: value(
    {
      long: 'version',
      description: 'Custom release version (e.g.: 1.0.0, 1.0-beta.2+dev.10)',
      goType: 'opts.VersionArg',
    },
    text,
  ),
  force: flag({ long: 'force', description: 'Ignore Git dirty state check' }),
};
