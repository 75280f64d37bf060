import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a release directory the invariants look at. */
export const TRACKED = ['dev_releases', 'releases', '.dev_builds', '.final_builds'];

/** Contents of the files the invariants look at: manifests and build indexes of each release dir, OUT's tarballs. */
export type Snapshot = Map<string, Buffer>;

function collect(dir: string, into: Snapshot, keep: (path: string) => boolean): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isDirectory()) collect(path, into, keep);
    else if (st.isFile() && keep(path)) into.set(path, readFileSync(path));
  }
}

export function snapshot(releaseDirs: readonly string[], outDir: string): Snapshot {
  const snap: Snapshot = new Map();
  for (const dir of releaseDirs) for (const t of TRACKED) collect(join(dir, t), snap, () => true);
  collect(outDir, snap, (p) => p.endsWith('.tgz'));
  return snap;
}
