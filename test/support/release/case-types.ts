import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The corpus sits beside the project (`../shared`), in CI as here. */
export const PROJECT_ROOT = resolve(import.meta.dirname, '../../..');
export const CORPUS = resolve(PROJECT_ROOT, '../shared/conformance/releases');
export const BOSH_BIN = join(PROJECT_ROOT, 'bin/bosh.cjs');

/** Names of the `${...}` variables a case may use (README §2). */
export type VarName = 'WORK' | 'RELEASE_DIR' | 'HOME' | 'OUT' | 'CORPUS';
export type Vars = Readonly<Record<VarName, string>>;

export interface MaterializeStep {
  op: 'materialize';
  fixture: string;
  dir: string;
  write_gitignore: boolean;
}
export interface GitInitStep {
  op: 'git_init';
}
export interface GitCommitExpect {
  commit: string;
  short: string;
  tree: string;
}
export interface GitCommitStep {
  op: 'git_commit';
  message: string;
  date: string;
  ordinal: number;
  expect?: GitCommitExpect;
  deterministic?: boolean;
  placeholder?: string;
  note?: string;
}
export interface WriteStep {
  op: 'write';
  path: string;
  content: string;
  mode: string;
}
export interface RemoveStep {
  op: 'remove';
  path: string;
}
export interface MkdirStep {
  op: 'mkdir';
  path: string;
}
/** Not described in README §2, used by `failures/blobs-symlink`: a symlink `path` (release-relative) -> `target`. */
export interface SymlinkStep {
  op: 'symlink';
  path: string;
  target: string;
}

export interface FileCheck {
  path: string;
  compare: 'exact' | 'normalized' | 'release-index';
  expected?: string;
  normalize?: string[];
  expected_versions?: string[];
  format_version?: string;
  raw?: string;
}
export interface TarballCheck {
  path: string;
  listing: string;
  release_mf: string;
  release_mf_normalize: string[];
}
export interface BoshStep {
  op: 'bosh';
  id: string;
  args: string[];
  cwd: string;
  expect: {
    exit_code: number;
    stdout: string;
    stdout_normalize: string[];
    stderr: string;
    stderr_normalize: string[];
  };
  files?: FileCheck[];
  files_root?: string;
  absent?: string[];
  present?: string[];
  count?: Record<string, number>;
  tree?: { root: string; expected: string };
  tarballs?: TarballCheck[];
  note?: string;
}

export type Step =
  MaterializeStep | GitInitStep | GitCommitStep | WriteStep | RemoveStep | MkdirStep | SymlinkStep | BoshStep;

export interface ReleaseCase {
  id: string;
  fixture: string | null;
  description: string;
  steps: Step[];
  exact_archive_digests?: Record<string, string>;
}

export interface RegexNormalizer {
  regex: string;
  replace: string;
}

export interface CasesFile {
  format: number;
  git: { config: string[]; identity: Record<string, string> };
  normalizers: Record<string, RegexNormalizer | string>;
  cases: ReleaseCase[];
}

export interface FixtureEntry {
  path: string;
  type: 'file' | 'dir' | 'symlink';
  mode?: string;
  size?: number;
  sha256?: string;
  target?: string;
}
export interface FixturesFile {
  gitignore: string;
  fixtures: Record<string, { description: string; files: FixtureEntry[] }>;
}

/** One entry of a recorded directory listing (`tree.json`), same shape as `FixtureEntry`. */
export type TreeEntry = FixtureEntry;

export interface InnerEntry {
  name: string;
  type: string;
  mode: string;
  size?: number;
  sha1?: string;
  sha256?: string;
  linkname?: string;
}
export interface TarballMember extends InnerEntry {
  deterministic?: boolean;
  inner?: InnerEntry[];
}
export interface TarballListing {
  compression: string;
  tar_format: string;
  members: TarballMember[];
}

export interface Corpus {
  root: string;
  cases: CasesFile;
  fixtures: FixturesFile;
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function loadCorpus(root: string = CORPUS): Corpus {
  return {
    root,
    cases: readJson(join(root, 'cases.json')) as CasesFile,
    fixtures: readJson(join(root, 'fixtures.json')) as FixturesFile,
  };
}

/** `RELEASE_CASE=a/b,c/d` (or a `prefix/*`) selects cases; unset selects all. Unknown names are an error. */
export function selectCases(all: readonly ReleaseCase[], filter: string | undefined): ReleaseCase[] {
  if (filter === undefined || filter.trim() === '') return [...all];
  const wanted = filter
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const matches = (w: string, id: string): boolean =>
    w.endsWith('*') ? id.startsWith(w.slice(0, -1)) : id === w;
  const unknown = wanted.filter((w) => !all.some((c) => matches(w, c.id)));
  if (unknown.length > 0 || wanted.length === 0) {
    throw new Error(
      `RELEASE_CASE=${filter}: no case matches ${unknown.join(', ')}; known: ${all.map((c) => c.id).join(', ')}`,
    );
  }
  return all.filter((c) => wanted.some((w) => matches(w, c.id)));
}
