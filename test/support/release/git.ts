import type { CasesFile, GitCommitExpect, Vars } from './case-types.js';
import { caseEnv, runProcess } from './run.js';

export interface GitOptions {
  git: CasesFile['git'];
  vars: Vars;
  cwd: string;
}

async function git(
  o: GitOptions,
  args: readonly string[],
  extraEnv: Record<string, string> = {},
): Promise<string> {
  const r = await runProcess(['git', ...o.git.config, ...args], o.cwd, caseEnv(o.vars, extraEnv), 30_000);
  if (r.exit !== 0) {
    throw new Error(
      `git ${args.join(' ')} in ${o.cwd} exited ${r.exit}:\n${r.stderr.toString()}${r.stdout.toString()}`,
    );
  }
  return r.stdout.toString().trim();
}

export async function gitInit(o: GitOptions): Promise<void> {
  await git(o, ['init', '-q']);
}

/**
 * `git add -A` + `git commit -m <message>` with the corpus identity and `date` as author and committer date.
 * `allowEmpty` is for replaying the setup steps alone, where the files CLI steps would have made are missing.
 */
export async function gitCommit(
  o: GitOptions,
  message: string,
  date: string,
  allowEmpty = false,
): Promise<GitCommitExpect> {
  await git(o, ['add', '-A']);
  const env = { ...o.git.identity, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  await git(o, ['commit', '-q', ...(allowEmpty ? ['--allow-empty'] : []), '-m', message], env);
  return {
    commit: await git(o, ['rev-parse', 'HEAD']),
    short: await git(o, ['rev-parse', '--short', 'HEAD']),
    tree: await git(o, ['rev-parse', 'HEAD^{tree}']),
  };
}

/** Whether `o.cwd` lies inside some git work tree (then "non-git" cases cannot be replayed there). */
export async function insideWorkTree(o: GitOptions): Promise<boolean> {
  const r = await runProcess(['git', 'rev-parse', '--is-inside-work-tree'], o.cwd, caseEnv(o.vars), 30_000);
  return r.exit === 0;
}

/** A readable account of what the commit differs in, for the "fixture copied wrong" failure. */
export async function describeHead(o: GitOptions): Promise<string> {
  return git(o, ['ls-tree', '-r', '--full-tree', 'HEAD']);
}
