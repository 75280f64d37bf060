import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { BoshStep, Corpus, ReleaseCase, TarballListing, TreeEntry, Vars } from './case-types.js';
import { readJson } from './case-types.js';
import {
  checkAbsent,
  checkCount,
  checkPresent,
  checkReleaseIndex,
  compareText,
  readIfFile,
} from './compare-files.js';
import { compareTarball } from './compare-tarball.js';
import { compareTree, listTree } from './compare-tree.js';
import { checkInvariants } from './invariants.js';
import { snapshot } from './snapshot.js';
import { expandVars, type NormalizeContext, type Normalizers } from './normalize.js';
import { runBosh } from './run.js';

export interface BoshStepContext {
  corpus: Corpus;
  normalizers: Normalizers;
  c: ReleaseCase;
  vars: Vars;
  norm: NormalizeContext;
  /** Release directories made so far (RELEASE_DIR and every `materialize` dir). */
  releaseDirs: readonly string[];
}

/** The tarball a `create-release --tarball X` builds from the release directory (not from a manifest). */
function dirTarball(args: readonly string[], cwd: string): string | undefined {
  if (!args.includes('create-release') || args.some((a) => a.endsWith('.yml'))) return undefined;
  const i = args.findIndex((a) => a === '--tarball' || a.startsWith('--tarball='));
  const flag = args[i];
  if (flag === undefined) return undefined;
  const value = flag === '--tarball' ? args[i + 1] : flag.slice('--tarball='.length);
  if (value === undefined) return undefined;
  return isAbsolute(value) ? value : join(cwd, value);
}

/** Runs one `bosh` step and returns every difference from the recording (empty when it conforms). */
export async function runBoshStep(step: BoshStep, ctx: BoshStepContext): Promise<string[]> {
  const { corpus, normalizers, vars, norm } = ctx;
  const x = (s: string): string => expandVars(s, vars);
  const expected = (rel: string): Buffer => readFileSync(join(corpus.root, rel));
  const args = step.args.map(x);
  const cwd = x(step.cwd);
  const filesRoot = x(step.files_root ?? '${RELEASE_DIR}');
  const dirs = [...new Set([...ctx.releaseDirs, filesRoot, cwd])];
  const before = snapshot(dirs, vars.OUT);

  const r = await runBosh(args, cwd, vars);
  const problems: string[] = [];
  if (r.timedOut) problems.push('the CLI timed out and was killed');
  if (r.exit !== step.expect.exit_code)
    problems.push(`exit code ${r.exit}, expected ${step.expect.exit_code}`);
  for (const stream of ['stdout', 'stderr'] as const) {
    const names = step.expect[`${stream}_normalize`];
    const actual = normalizers.output(r[stream].toString('utf8'), names, vars, norm);
    const label = `${stream} [${['paths', ...names].join(', ')}] vs ${step.expect[stream]}`;
    problems.push(...compareText(label, expected(step.expect[stream]), Buffer.from(actual)));
  }

  for (const f of step.files ?? []) {
    const actual = readIfFile(join(filesRoot, f.path));
    if (actual === undefined) {
      problems.push(
        `${f.path}: missing (or not a regular file) under ${step.files_root ?? '${RELEASE_DIR}'}`,
      );
    } else if (f.compare === 'release-index') {
      const raw = f.raw === undefined ? undefined : expected(f.raw).toString('utf8');
      const p = checkReleaseIndex(actual.toString('utf8'), f, raw);
      problems.push(...p.map((s) => `${f.path} (release-index): ${s}`));
    } else if (f.expected === undefined) {
      problems.push(`${f.path}: the corpus names no expected file`);
    } else {
      const text =
        f.compare === 'normalized'
          ? normalizers.apply(actual.toString('utf8'), f.normalize ?? [], norm)
          : undefined;
      const label = `${f.path} (${f.compare}${f.compare === 'normalized' ? `: ${(f.normalize ?? []).join(', ')}` : ''})`;
      problems.push(
        ...compareText(label, expected(f.expected), text === undefined ? actual : Buffer.from(text)),
      );
    }
  }

  const rel = (p: string): string => (p.startsWith('${') ? x(p) : join(vars.RELEASE_DIR, p));
  problems.push(...checkAbsent((step.absent ?? []).map(rel)), ...checkPresent((step.present ?? []).map(rel)));
  for (const [pattern, n] of Object.entries(step.count ?? {}))
    problems.push(...checkCount(x(pattern), pattern, n));

  if (step.tree !== undefined) {
    const want = readJson(join(corpus.root, step.tree.expected)) as TreeEntry[];
    try {
      problems.push(...compareTree(step.tree.root, want, listTree(x(step.tree.root))));
    } catch (e) {
      problems.push(`tree ${step.tree.root}: cannot list: ${(e as Error).message}`);
    }
  }

  for (const t of step.tarballs ?? []) {
    const buf = readIfFile(x(t.path));
    if (buf === undefined) {
      problems.push(`${t.path}: tarball missing`);
      continue;
    }
    const listing = readJson(join(corpus.root, t.listing)) as TarballListing;
    const normalize = (text: string): string => normalizers.apply(text, t.release_mf_normalize, norm);
    const cmp = await compareTarball(t.path, buf, listing, expected(t.release_mf), normalize);
    problems.push(...cmp.problems);
  }

  const after = snapshot(dirs, vars.OUT);
  problems.push(
    ...(await checkInvariants(before, after, {
      releaseDirs: dirs,
      home: vars.HOME,
      args,
      exitCode: r.exit,
      dirTarball: dirTarball(args, cwd),
      exactDigests: ctx.c.exact_archive_digests,
    })),
  );
  return problems;
}
