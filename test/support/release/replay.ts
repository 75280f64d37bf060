import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBoshStep } from './bosh-step.js';
import type { Corpus, ReleaseCase, Step, Vars } from './case-types.js';
import { describeHead, gitCommit, gitInit, type GitOptions, insideWorkTree } from './git.js';
import { materialize, mkdirp, removeStep, stepPath, symlinkStep, writeStep } from './materialize.js';
import { type CommitRecord, expandVars, Normalizers } from './normalize.js';
import { indent } from './diff.js';

const MAX_PROBLEMS = 15;

export interface ReplayOptions {
  /** Run only the non-CLI steps (fixtures, git, file edits): checks the harness and the corpus, not the CLI. */
  setupOnly?: boolean;
  /** Keep `${WORK}` afterwards (its path is in the failure message). */
  keep?: boolean;
}

/** A step that did not conform, or could not be replayed; the message names the case and the step. */
export class ReplayFailure extends Error {
  override name = 'ReplayFailure';
}

export function stepLabel(step: Step, index: number): string {
  if (step.op === 'bosh') return `step ${step.id} (bosh ${step.args.join(' ')}; cwd ${step.cwd})`;
  if (step.op === 'git_commit') return `step #${index + 1} git_commit ${JSON.stringify(step.message)}`;
  return `step #${index + 1} ${step.op}`;
}

export function formatProblems(problems: readonly string[]): string {
  const shown = problems.slice(0, MAX_PROBLEMS).map((p) => indent(`- ${p}`, '  '));
  if (problems.length > MAX_PROBLEMS) shown.push(`  ... and ${problems.length - MAX_PROBLEMS} more problems`);
  return shown.join('\n');
}

/** Replays every step of `c` in a fresh `${WORK}` (README §2); throws a ReplayFailure at the first bad step. */
export async function replayCase(corpus: Corpus, c: ReleaseCase, options: ReplayOptions = {}): Promise<void> {
  const normalizers = new Normalizers(corpus.cases.normalizers);
  const work = realpathSync(mkdtempSync(join(tmpdir(), 'bosh-release-')));
  const vars: Vars = {
    WORK: work,
    RELEASE_DIR: join(work, c.fixture === null ? 'demo-release' : `${c.fixture}-release`),
    HOME: join(work, 'home'),
    OUT: join(work, 'out'),
    CORPUS: corpus.root,
  };
  mkdirp(vars.HOME);
  mkdirp(vars.OUT);
  const commits: CommitRecord[] = [];
  const releaseDirs = [vars.RELEASE_DIR];
  const git: GitOptions = { git: corpus.cases.git, vars, cwd: vars.RELEASE_DIR };
  const where = options.keep === true ? `\n  (WORK kept at ${work})` : '';
  try {
    if (await insideWorkTree({ ...git, cwd: work })) {
      throw new ReplayFailure(
        `[${c.id}] ${work} is inside a git work tree: point TMPDIR outside any repository`,
      );
    }
    for (const [index, step] of c.steps.entries()) {
      const label = `[${c.id}] ${stepLabel(step, index)}`;
      let problems: string[];
      try {
        problems = await runStep(step);
      } catch (e) {
        if (e instanceof ReplayFailure) throw e;
        throw new ReplayFailure(
          `${label} could not be replayed:\n${indent((e as Error).message, '  ')}${where}`,
        );
      }
      if (problems.length > 0)
        throw new ReplayFailure(`${label} differs:\n${formatProblems(problems)}${where}`);
    }
  } finally {
    if (options.keep !== true) rmSync(work, { recursive: true, force: true });
  }

  async function runStep(step: Step): Promise<string[]> {
    const inRelease = (p: string): string => stepPath(expandVars(p, vars), vars.RELEASE_DIR);
    switch (step.op) {
      case 'materialize': {
        const dir = expandVars(step.dir, vars);
        materialize(corpus, step.fixture, dir, step.write_gitignore);
        if (!releaseDirs.includes(dir)) releaseDirs.push(dir);
        return [];
      }
      case 'git_init':
        await gitInit(git);
        return [];
      case 'git_commit': {
        const allowEmpty = options.setupOnly === true && step.expect === undefined;
        const got = await gitCommit(git, step.message, step.date, allowEmpty);
        if (step.deterministic === false) {
          commits.push({ short: got.short, placeholder: step.placeholder ?? `<COMMIT-${step.ordinal}>` });
        }
        const want = step.expect;
        if (
          want === undefined ||
          (want.commit === got.commit && want.tree === got.tree && want.short === got.short)
        ) {
          return [];
        }
        return [
          `commit ${got.commit} (short ${got.short}) tree ${got.tree}; expected commit ${want.commit} ` +
            `(short ${want.short}) tree ${want.tree}. The release dir does not hold the recorded tree ` +
            `(exec bits? symlinks? .gitignore?). It holds:\n${indent(await describeHead(git))}`,
        ];
      }
      case 'write':
        writeStep(inRelease(step.path), step.content, step.mode);
        return [];
      case 'remove':
        removeStep(inRelease(step.path), options.setupOnly === true);
        return [];
      case 'mkdir':
        mkdirp(expandVars(step.path, vars));
        return [];
      case 'symlink':
        symlinkStep(inRelease(step.path), step.target);
        return [];
      case 'bosh':
        if (options.setupOnly === true) return [];
        return runBoshStep(step, { corpus, normalizers, c, vars, norm: { commits }, releaseDirs });
      default: {
        const unknown: never = step;
        throw new Error(`unknown step op in ${JSON.stringify(unknown)}`);
      }
    }
  }
}
