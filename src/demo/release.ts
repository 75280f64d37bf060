import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ALIAS, EXAMPLES, type DemoLayout } from './layout.js';
import { boshOk, boshQuiet } from './run.js';

/** What building a release leaves in its directory: never part of the example's source. */
const BUILD_OUTPUT = new Set([
  '.dev_builds',
  'dev_releases',
  '.final_builds',
  'releases',
  '.blobstore',
  'blobs',
]);

interface ReleaseState {
  readonly fingerprint: string;
  readonly name: string;
  readonly version: string;
}

/**
 * A dev release of examples/demo-release as a tarball in the data dir. It is built in a copy of the example (so
 * the repository stays clean) and only when the example changed since the last build: create-release makes a new
 * dev version every time, and a re-run should upload and deploy nothing new.
 */
export async function buildRelease(layout: DemoLayout): Promise<ReleaseState> {
  const fingerprint = await treeFingerprint(EXAMPLES.release);
  const previous = await readState(layout);
  if (previous?.fingerprint === fingerprint && existsSync(layout.releaseTarball)) {
    process.stdout.write(
      `examples/demo-release is unchanged since dev release '${previous.name}/${previous.version}': reusing it\n`,
    );
    return previous;
  }
  await mkdir(layout.releaseDir, { recursive: true });
  // Replace the sources, keep dev_releases and .dev_builds: versions go on from the last one, builds are reused.
  for (const entry of await readdir(layout.releaseDir)) {
    if (!BUILD_OUTPUT.has(entry)) await rm(join(layout.releaseDir, entry), { recursive: true, force: true });
  }
  await cp(EXAMPLES.release, layout.releaseDir, {
    recursive: true,
    filter: (src) => !BUILD_OUTPUT.has(src.slice(EXAMPLES.release.length + 1).split('/')[0] ?? ''),
  });
  const created = await boshOk('Creating the release', [
    'create-release',
    '--force',
    '--dir',
    layout.releaseDir,
    '--tarball',
    layout.releaseTarball,
  ]);
  const slug = /Added dev release '([^'/]+)\/([^']+)'/.exec(created.stdout);
  if (slug?.[1] === undefined || slug[2] === undefined)
    throw new Error('create-release did not name the release');
  const state = { fingerprint, name: slug[1], version: slug[2] };
  await writeFile(layout.releaseState, `${JSON.stringify(state, null, 2)}\n`);
  return state;
}

/** Whether the director has `name/version` already (`bosh releases` marks deployed versions with `*`). */
export async function directorHasRelease(name: string, version: string): Promise<boolean> {
  const listed = await boshQuiet(['-e', ALIAS, 'releases', '--json']);
  if (listed.code !== 0) return false;
  const rows = (JSON.parse(listed.stdout) as { Tables?: { Rows?: Record<string, string>[] }[] }).Tables?.[0]
    ?.Rows;
  return (rows ?? []).some((r) => r.name === name && r.version?.replace(/\*$/, '') === version);
}

async function readState(layout: DemoLayout): Promise<ReleaseState | undefined> {
  try {
    return JSON.parse(await readFile(layout.releaseState, 'utf8')) as ReleaseState;
  } catch {
    return undefined;
  }
}

/** sha256 over the tree's paths, modes and contents, build output left out. */
async function treeFingerprint(root: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (dir: string, rel: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (rel === '' && BUILD_OUTPUT.has(entry.name)) continue;
      if (entry.isDirectory()) await walk(path, relPath);
      else {
        hash.update(`${relPath}\0${String((await stat(path)).mode & 0o111)}\0`);
        hash.update(await readFile(path));
      }
    }
  };
  await walk(root, '');
  return hash.digest('hex');
}
