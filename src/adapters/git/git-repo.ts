import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { wrapError } from '../../base/errors.js';
import type { GitRepo } from '../../ports/git-repo.js';

/** The `.gitignore` `init-release --git` writes, as bosh-cli does. */
export const RELEASE_GITIGNORE = `config/private.yml
blobs
dev_releases
releases/*.tgz
releases/**/*.tgz
.dev_builds
.final_builds/jobs/**/*.tgz
.final_builds/packages/**/*.tgz
.DS_Store
.idea
*.swp
*~
*#
#*
`;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function git(args: readonly string[], cwd: string): Promise<Result> {
  return new Promise((done) => {
    execFile('git', [...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** Runs the system `git` in the release directory, as bosh-cli does. */
export class CliGitRepo implements GitRepo {
  constructor(private readonly dir: string) {}

  async init(): Promise<void> {
    const result = await git(['init', this.dir], this.dir);
    if (result.code !== 0) throw wrapError(commandError(['init', this.dir], result), 'Initing git repo');
    try {
      await writeFile(join(this.dir, '.gitignore'), RELEASE_GITIGNORE);
    } catch (e) {
      throw wrapError(e, 'Creating .gitignore file');
    }
  }

  async lastCommitSha(): Promise<string> {
    const result = await git(['rev-parse', '--short', 'HEAD'], this.dir);
    if (result.code === 0) return result.stdout.trim();
    if (await this.isNotGitRepo()) return 'non-git';
    if (result.stderr.includes('Needed a single revision')) return 'empty';
    throw wrapError(commandError(['rev-parse', '--short', 'HEAD'], result), 'Checking last commit SHA');
  }

  async mustNotBeDirty(force: boolean): Promise<boolean> {
    const result = await git(['status', '--porcelain=1'], this.dir);
    if (result.code !== 0) {
      if (await this.isNotGitRepo()) return false;
      throw wrapError(commandError(['status', '--porcelain=1'], result), 'Checking status');
    }
    const changes = result.stdout.trim();
    if (changes.length === 0) return false;
    if (force) return true;
    throw new Error(`Git repository has local modifications:\n\n${changes}`);
  }

  private async isNotGitRepo(): Promise<boolean> {
    if (existsSync(join(this.dir, '.git'))) return false;
    return (await git(['rev-parse', '--git-dir'], this.dir)).code !== 0;
  }
}

/** bosh-utils' command failure text. */
function commandError(args: readonly string[], r: Result): Error {
  return new Error(
    `Running command: 'git ${args.join(' ')}', stdout: '${r.stdout}', stderr: '${r.stderr}': exit status ${r.code.toString()}`,
  );
}
