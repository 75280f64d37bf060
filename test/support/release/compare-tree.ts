import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { TreeEntry } from './case-types.js';
import { bytewise } from './compare-files.js';
import { diffLines, indent } from './diff.js';

const octal = (mode: number): string => (mode & 0o7777).toString(8).padStart(4, '0');

/**
 * Lists `root` recursively like the recorded `tree.json`: path (relative, '/'), type, mode, and size + sha256 of
 * files or the target of symlinks; sorted bytewise by path. A top-level `.git` is left out, as in the recordings.
 */
export function listTree(root: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  const visit = (rel: string): void => {
    for (const name of readdirSync(rel === '' ? root : join(root, rel))) {
      if (rel === '' && name === '.git') continue;
      const path = rel === '' ? name : `${rel}/${name}`;
      const abs = join(root, path);
      const st = lstatSync(abs);
      if (st.isSymbolicLink()) {
        out.push({ path, type: 'symlink', target: readlinkSync(abs) });
      } else if (st.isDirectory()) {
        out.push({ path, type: 'dir', mode: octal(st.mode) });
        visit(path);
      } else if (st.isFile()) {
        const data = readFileSync(abs);
        const sha256 = createHash('sha256').update(data).digest('hex');
        out.push({ path, type: 'file', mode: octal(st.mode), size: data.length, sha256 });
      } else {
        out.push({ path, type: 'dir', mode: `special file ${octal(st.mode)}` });
      }
    }
  };
  visit('');
  return out.sort((a, b) => bytewise(a.path, b.path));
}

/** One line per entry, for diffs. */
export function treeLine(e: TreeEntry): string {
  if (e.type === 'symlink') return `${e.path} symlink -> ${String(e.target)}`;
  if (e.type === 'dir') return `${e.path}/ dir ${String(e.mode)}`;
  return `${e.path} file ${String(e.mode)} size=${String(e.size)} sha256=${String(e.sha256)}`;
}

export function compareTree(
  label: string,
  expected: readonly TreeEntry[],
  actual: readonly TreeEntry[],
): string[] {
  const want = [...expected].sort((a, b) => bytewise(a.path, b.path)).map(treeLine);
  const got = actual.map(treeLine);
  const d = diffLines(want, got);
  return d === '' ? [] : [`tree ${label} differs (- expected + actual):\n${indent(d)}`];
}
