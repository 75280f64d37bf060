/**
 * Go's path/filepath string rules on '/'-separated paths. bosh-cli builds every path with filepath.Join, and
 * the lexical cleaning (not the file system) decides what a glob like `a/../b` or `./x` refers to.
 */

/** filepath.Clean: drop empty and `.` elements, resolve `..` lexically; `..` above the root is dropped. */
export function goClean(path: string): string {
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

/** filepath.Join: empty elements are ignored, the rest joined with '/' and cleaned. */
export function goJoin(...parts: string[]): string {
  const kept = parts.filter((p) => p !== '');
  return kept.length === 0 ? '' : goClean(kept.join('/'));
}

/** The elements of a clean absolute path (`/` has none). */
export function splitAbs(path: string): string[] {
  return path === '/' ? [] : path.slice(1).split('/');
}

/** filepath.Rel for two clean absolute paths. */
export function goRel(base: string, target: string): string {
  const b = splitAbs(base);
  const t = splitAbs(target);
  let common = 0;
  while (common < b.length && common < t.length && b[common] === t[common]) common++;
  const up: string[] = new Array<string>(b.length - common).fill('..');
  const rel = [...up, ...t.slice(common)].join('/');
  return rel === '' ? '.' : rel;
}

/**
 * resource.NewFile's RelativePath: the path with the directory cut off as a string prefix, then one leading
 * '/'. It is not a path operation: `/r/src2/x` under `/r/src` gives `2/x`, and a path outside keeps its
 * absolute text minus the first '/'.
 */
export function newFileRelativePath(path: string, dirPath: string): string {
  const rest = path.startsWith(dirPath) ? path.slice(dirPath.length) : path;
  return rest.startsWith('/') ? rest.slice(1) : rest;
}

export function goBase(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return path === '' ? '.' : '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

export function goDir(path: string): string {
  const i = path.lastIndexOf('/');
  return goClean(i < 0 ? '.' : path.slice(0, i + 1));
}
