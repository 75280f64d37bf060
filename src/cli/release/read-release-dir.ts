import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type FileEntry,
  readReleaseDir,
  type ReleaseDirContents,
  releaseSource,
} from '../../core/release/index.js';
import type { ReleaseTools } from './release-tools.js';

/** The sub-trees the release reader looks into; the rest of the release directory is never walked. */
const TREES = ['jobs', 'packages', 'src', 'blobs'] as const;

/**
 * Lists the release directory, reads the job and package specs, and hands both to the pure reader, which selects
 * and fingerprints every job, package and license (bosh-cli's release DirReader).
 */
export async function readReleaseDirectory(dir: string, tools: ReleaseTools): Promise<ReleaseDirContents> {
  const root = (await tools.listTree(dir, false)) ?? [];
  const subdirs: Record<string, FileEntry[]> = {};
  for (const tree of TREES) {
    const entries = await tools.listTree(join(dir, tree));
    if (entries) subdirs[tree] = entries;
  }
  const texts = new Map<string, string>();
  for (const [tree, file] of [
    ['jobs', 'spec'],
    ['packages', 'spec'],
    ['packages', 'spec.lock'],
  ] as const) {
    for (const entry of subdirs[tree] ?? []) {
      const parts = entry.path.split('/');
      if (parts.length !== 2 || parts[1] !== file || entry.kind === 'dir') continue;
      const rel = `${tree}/${entry.path}`;
      try {
        texts.set(rel, await readFile(join(dir, rel), 'utf8'));
      } catch {
        // A spec that cannot be read is reported by the reader as missing.
      }
    }
  }
  return readReleaseDir(releaseSource(dir, root, subdirs), texts);
}
