import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { wrapError } from '../../base/errors.js';
import type { ReleaseTools } from './release-tools.js';

/** `git clone <repo> --depth 1 <tmp>`, then the latest (or the given) release of the clone. */
export async function withGitClone<T>(
  url: string,
  tools: ReleaseTools,
  use: (dir: string) => Promise<T>,
): Promise<T> {
  let dir: string;
  try {
    await mkdir(tools.tempRoot, { recursive: true });
    dir = await mkdtemp(join(tools.tempRoot, 'bosh-upload-release-git-clone'));
  } catch (e) {
    throw wrapError(e, 'Creating tmp dir for git cloning');
  }
  try {
    const repo = url.startsWith('git+') ? url.slice('git+'.length) : url;
    try {
      await promisify(execFile)('git', ['clone', repo, '--depth', '1', dir]);
    } catch (e) {
      throw wrapError(e, 'Cloning git repo');
    }
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
