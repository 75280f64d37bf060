import {
  BadPatternError,
  indexAnyUnescaped,
  indexUnescaped,
  lastIndexUnescaped,
  matchComponent,
  splitAlternatives,
} from './doublestar-match.js';
import { goJoin } from './go-path.js';
import type { VirtualFs } from './vfs.js';

/**
 * doublestar v1.3.4 `Glob` over a VirtualFs. Results are absolute paths in the order doublestar produces
 * them. `badPattern` mirrors how doublestar reports ErrBadPattern: an error from a recursive step can be
 * overwritten by later siblings, so a bad pattern only fails when its bad part was the last thing examined.
 */
export interface GlobResult {
  readonly matches: string[];
  readonly badPattern: boolean;
}

export function doublestarGlob(fs: VirtualFs, pattern: string): GlobResult {
  if (pattern === '') return { matches: [], badPattern: false };
  if (pattern.startsWith('{')) {
    const alt = splitAlternatives(pattern.slice(1));
    if (alt === undefined) return { matches: [], badPattern: true };
    const matches: string[] = [];
    for (const option of alt.options) {
      const r = doublestarGlob(fs, option + pattern.slice(1 + alt.end));
      if (r.badPattern) return { matches: [], badPattern: true };
      matches.push(...r.matches);
    }
    return { matches, badPattern: false };
  }
  // bosh-cli always globs absolute paths (filepath.Join of the release's src/ or blobs/ directory).
  if (pattern.startsWith('/') || pattern.startsWith('\\')) {
    const matches: string[] = [];
    const bad = step(fs, '/', pattern.slice(1), matches);
    return { matches, badPattern: bad };
  }
  throw new Error(`doublestarGlob needs an absolute pattern, got '${pattern}'`);
}

/** doGlob: appends matches under `base` to `out`; returns whether the last examined step hit a bad pattern. */
function step(fs: VirtualFs, base: string, pattern: string, out: string[]): boolean {
  // Leading components without glob characters are joined onto the base directory as they are.
  let cut = indexAnyUnescaped(pattern, '*?[{\\');
  if (cut > 0) cut = lastIndexUnescaped(pattern.slice(0, cut), '/');
  else if (cut === -1) cut = lastIndexUnescaped(pattern, '/');
  let dir = base;
  let rest = pattern;
  if (cut > 0) {
    dir = goJoin(base, pattern.slice(0, cut));
    rest = pattern.slice(cut + 1);
  }

  let found = fs.lstat(dir);
  if (found === undefined) return false;
  if (rest === '') {
    out.push(dir);
    return false;
  }
  if (found.node.kind === 'symlink') found = fs.stat(dir);
  if (found?.node.kind !== 'dir') return false;
  const node = found.node;
  const names = fs.readdir(node);

  let bad = false;
  let slash = indexUnescaped(rest, '/');
  const lastComponent = slash === -1;
  if (lastComponent) slash = rest.length;
  if (rest.slice(0, slash) === '**') {
    // Depth first through every directory, following directory symlinks; dangling links are skipped.
    for (const name of names) {
      const path = goJoin(dir, name);
      let kind = node.children?.get(name)?.kind;
      if (kind === 'symlink') {
        kind = fs.stat(path)?.node.kind;
        if (kind === undefined) continue;
      }
      if (kind === 'dir') {
        if (lastComponent) out.push(path);
        bad = step(fs, path, rest, out);
      } else if (lastComponent) {
        out.push(path);
      }
    }
    if (lastComponent) return bad;
    rest = rest.slice(slash + 1);
  }

  for (const name of names) {
    let leftovers: string[] | undefined;
    try {
      leftovers = matchComponent(rest, name);
    } catch (e) {
      if (e instanceof BadPatternError) return true;
      throw e;
    }
    bad = false;
    if (leftovers === undefined) continue;
    const path = goJoin(dir, name);
    if (leftovers.length === 0) out.push(path);
    for (const next of leftovers) bad = step(fs, path, next, out);
  }
  return bad;
}
