import { join } from 'node:path';
import { wrapError } from '../../base/errors.js';
import { nextDevVersion, nextFinalVersion, type ReleaseManifest } from '../../core/release/index.js';
import type { Ui } from '../ui/ui.js';
import { archiveIndices } from './archive-index.js';
import { syncBlobs } from './blobs-dir.js';
import { type BuiltRelease, buildResources } from './build-resources.js';
import { finalizeResources } from './finalize-resources.js';
import { IndexReporter } from './index-reporter.js';
import { readReleaseDirectory } from './read-release-dir.js';
import { openReleaseBlobstore } from './release-blobstore.js';
import { readFinalConfig, releaseName } from './release-config.js';
import { ReleaseIndexStore } from './release-index-store.js';
import { releaseManifestOf } from './release-manifest-of.js';
import type { ReleaseTools } from './release-tools.js';

export interface CreateReleaseOptions {
  readonly dir: string;
  readonly name?: string | undefined;
  readonly version?: string | undefined;
  readonly timestampVersion: boolean;
  readonly final: boolean;
  readonly force: boolean;
  readonly parallel: number;
}

/** The result: the manifest of the dev (or final) release, and its archives for a tarball. */
export interface CreatedRelease {
  readonly manifest: ReleaseManifest;
  readonly built: BuiltRelease;
}

/**
 * `create-release` from a release directory (releasedir BuildRelease, then FinalizeRelease with `--final`): check
 * git, sync blobs, read and fingerprint, find or build every archive, record the dev release, and for a final one
 * upload what the final builds lack and record the final release.
 */
export async function createRelease(
  o: CreateReleaseOptions,
  tools: ReleaseTools,
  ui: Ui,
): Promise<CreatedRelease> {
  const reporter = new IndexReporter(ui);
  const { config, path: configPath } = await readFinalConfig(o.dir);
  const name = releaseName(o.name, config, configPath);
  const devReleases = new ReleaseIndexStore('dev', join(o.dir, 'dev_releases'), reporter, () =>
    tools.newUuid(),
  );
  const finalReleases = new ReleaseIndexStore('final', join(o.dir, 'releases'), reporter, () =>
    tools.newUuid(),
  );
  const timestamp = o.timestampVersion ? { timestamp: Math.floor(tools.now().getTime() / 1000) } : {};
  const version =
    o.version ??
    nextDevVersion(await devReleases.lastVersion(name), await finalReleases.lastVersion(name), timestamp);

  const git = tools.gitRepo(o.dir);
  const dirty = await git.mustNotBeDirty(o.force);
  const commitHash = await git.lastCommitSha();
  await syncBlobs(o.dir, tools, ui, 1);
  const devCache = tools.archiveCache({ reporter });
  const finalCache = tools.archiveCache({
    blobstore: await openReleaseBlobstore(o.dir, tools.blobstore),
    reporter,
  });
  const dev = archiveIndices(o.dir, false, reporter, devCache);
  const final = archiveIndices(o.dir, true, reporter, finalCache);
  let built: BuiltRelease;
  try {
    const contents = await readReleaseDirectory(o.dir, tools);
    built = await buildResources(contents, o.dir, tools, dev, final, o.parallel);
  } catch (e) {
    throw wrapError(e, `Building a release from directory '${o.dir}'`);
  }
  const manifest = releaseManifestOf({ name, version, commitHash, uncommittedChanges: dirty }, built);
  await devReleases.add(manifest);
  if (!o.final) return { manifest, built };

  const finalVersion = o.version ?? nextFinalVersion(await finalReleases.lastVersion(name));
  await git.mustNotBeDirty(o.force);
  if (await finalReleases.contains(name, finalVersion)) {
    throw new Error(`Release '${name}' version '${finalVersion}' already exists`);
  }
  const finalized = await finalizeResources(built, final, o.parallel);
  const finalManifest = releaseManifestOf(
    { name, version: finalVersion, commitHash, uncommittedChanges: dirty },
    finalized,
  );
  await finalReleases.add(finalManifest);
  return { manifest: finalManifest, built: finalized };
}
