import { join } from 'node:path';
import { nextFinalVersion, parseReleaseManifest, type ReleaseManifest } from '../../core/release/index.js';
import type { Ui } from '../ui/ui.js';
import { archiveIndices } from './archive-index.js';
import { finalizeResources } from './finalize-resources.js';
import { IndexReporter } from './index-reporter.js';
import { openReleaseBlobstore } from './release-blobstore.js';
import { ReleaseIndexStore } from './release-index-store.js';
import { builtFromManifest, releaseManifestOf } from './release-manifest-of.js';
import type { ReleaseTools } from './release-tools.js';

export interface FinalizeTarballOptions {
  readonly dir: string;
  readonly tarball: string;
  readonly name?: string | undefined;
  readonly version?: string | undefined;
  readonly force: boolean;
  readonly parallel: number;
}

/**
 * `finalize-release <tarball>`: the tarball's jobs, packages and license become final builds (uploaded when the final
 * index lacks them), and the release is recorded under `releases/`, keeping the tarball's commit hash.
 */
export async function finalizeTarball(
  o: FinalizeTarballOptions,
  tools: ReleaseTools,
  ui: Ui,
): Promise<ReleaseManifest> {
  const tarball = await tools.tarballReader.read(o.tarball);
  try {
    const parsed = parseReleaseManifest(tarball.manifestText);
    const reporter = new IndexReporter(ui);
    const finalReleases = new ReleaseIndexStore('final', join(o.dir, 'releases'), reporter, () =>
      tools.newUuid(),
    );
    const name = o.name !== undefined && o.name !== '' ? o.name : parsed.name;
    const version = o.version ?? nextFinalVersion(await finalReleases.lastVersion(name));
    await tools.gitRepo(o.dir).mustNotBeDirty(o.force);
    if (await finalReleases.contains(name, version)) {
      throw new Error(`Release '${name}' version '${version}' already exists`);
    }
    const blobstore = await openReleaseBlobstore(o.dir, tools.blobstore);
    const final = archiveIndices(o.dir, true, reporter, tools.archiveCache({ blobstore, reporter }));
    const archivePaths = {
      job: (name: string) => tarball.jobArchive(name),
      package: (name: string) => tarball.packageArchive(name),
      license: () => tarball.licenseArchive,
    };
    const built = await builtFromManifest(parsed, ({ kind, name, sha1 }) => {
      const path = archivePaths[kind](name);
      return Promise.resolve(path === undefined ? undefined : { path, digest: sha1 });
    });
    const finalized = await finalizeResources(built, final, o.parallel);
    const manifest = releaseManifestOf({ ...parsed, name, version }, finalized);
    await finalReleases.add(manifest);
    return manifest;
  } finally {
    await tarball.cleanUp();
  }
}
