import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { Corpus, FixtureEntry } from './case-types.js';

const parseMode = (mode: string | undefined, path: string): number => {
  if (mode === undefined || !/^0?[0-7]{3,4}$/.test(mode))
    throw new Error(`bad mode ${String(mode)} for ${path}`);
  return parseInt(mode, 8);
};

/** Every path below `root`, relative, '/'-separated (no order). */
function walk(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, rel))) {
    const path = rel === '' ? name : `${rel}/${name}`;
    out.push(path);
    if (lstatSync(join(root, path)).isDirectory()) out.push(...walk(root, path));
  }
  return out;
}

/** Whether `path` exists, not following a final symlink (a dangling link exists). */
export function lexists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** `mkdir -p` whose new directories get 0755 whatever the process umask. */
export function mkdirp(dir: string): void {
  if (lexists(dir)) return;
  mkdirp(dirname(dir));
  mkdirSync(dir);
  chmodSync(dir, 0o755);
}

/**
 * `materialize`: recreates `fixtures/<fixture>` at `dir` from the file list of fixtures.json — types, modes and
 * symlink targets come from the list, content from the corpus copy after checking its size and sha256. (The
 * read-only corpus copy has lost its symlinks: they are plain files holding the target, so copying the tree,
 * even with `verbatimSymlinks`, would give other git trees and fingerprints.)
 */
export function materialize(corpus: Corpus, fixture: string, dir: string, writeGitignore: boolean): void {
  const spec = corpus.fixtures.fixtures[fixture];
  if (spec === undefined) throw new Error(`fixtures.json has no fixture ${JSON.stringify(fixture)}`);
  const src = join(corpus.root, 'fixtures', fixture);
  const listed = new Set(spec.files.map((f) => f.path));
  const unlisted = walk(src).filter((p) => !listed.has(p));
  if (unlisted.length > 0)
    throw new Error(`fixtures/${fixture} has files fixtures.json does not list: ${unlisted.join(', ')}`);
  if (lexists(dir)) throw new Error(`materialize: ${dir} already exists`);
  mkdirp(dir);
  const entries = [...spec.files].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  for (const e of entries) createEntry(src, dir, e, fixture);
  // Modes last, deepest first, so a restrictive directory mode cannot block creating its children.
  for (const e of [...entries].reverse()) {
    if (e.type !== 'symlink') chmodSync(join(dir, e.path), parseMode(e.mode, e.path));
  }
  if (writeGitignore) {
    writeFileSync(join(dir, '.gitignore'), readFileSync(join(corpus.root, corpus.fixtures.gitignore)));
    chmodSync(join(dir, '.gitignore'), 0o644);
  }
}

function createEntry(src: string, dir: string, e: FixtureEntry, fixture: string): void {
  const from = join(src, e.path);
  const to = join(dir, e.path);
  const where = `fixtures/${fixture}/${e.path}`;
  if (e.type === 'dir') {
    mkdirSync(to);
    return;
  }
  if (e.type === 'symlink') {
    if (e.target === undefined) throw new Error(`${where}: symlink without target in fixtures.json`);
    const st = lstatSync(from);
    const stored = st.isSymbolicLink() ? readlinkSync(from) : readFileSync(from, 'utf8');
    if (stored !== e.target)
      throw new Error(`${where}: corpus copy holds ${JSON.stringify(stored)}, listed target ${e.target}`);
    symlinkSync(e.target, to);
    return;
  }
  const data = readFileSync(from);
  const sha = createHash('sha256').update(data).digest('hex');
  if (data.length !== e.size || sha !== e.sha256) {
    throw new Error(
      `${where}: corpus copy has size ${data.length} sha256 ${sha}, fixtures.json lists ${String(e.size)} ${String(e.sha256)}`,
    );
  }
  copyFileSync(from, to);
}

/** Resolves a step path: `${...}`-expanded paths are absolute, others are relative to the release directory. */
export function stepPath(path: string, releaseDir: string): string {
  return isAbsolute(path) ? path : join(releaseDir, path);
}

/** `write {path, content, mode}`: replaces the file, creating parents (0755). */
export function writeStep(path: string, content: string, mode: string): void {
  mkdirp(dirname(path));
  rmSync(path, { force: true });
  writeFileSync(path, content);
  chmodSync(path, parseMode(mode, path));
}

/** `remove {path}`: recursive; a missing path is a corpus/harness mismatch unless `lenient`. */
export function removeStep(path: string, lenient: boolean): void {
  if (!lenient && !lexists(path)) throw new Error(`remove: ${path} does not exist`);
  rmSync(path, { recursive: true, force: true });
}

/** `symlink {path, target}` (used by failures/blobs-symlink). */
export function symlinkStep(path: string, target: string): void {
  mkdirp(dirname(path));
  symlinkSync(target, path);
}
