import { readFile } from 'node:fs/promises';
import { wrapError } from '../../base/errors.js';
import { parseReleaseManifest, type ReleaseManifest } from '../../core/release/index.js';
import type { Ui } from '../ui/ui.js';
import { archiveIndices } from './archive-index.js';
import type { BuiltRelease } from './build-resources.js';
import { IndexReporter } from './index-reporter.js';
import { openReleaseBlobstore } from './release-blobstore.js';
import type { CreatedRelease } from './create-release.js';
import { builtFromManifest } from './release-manifest-of.js';
import type { ReleaseTools } from './release-tools.js';

/**
 * `create-release <manifest.yml>`: a dev or final release recorded earlier, with its archives found in the dev or
 * final builds (bosh-cli ManifestReader + BuiltReader). As in bosh-cli 7.9.13, jobs lose their package lists here
 * (README §15.2): the jobs are rebuilt from their archive references only.
 */
export async function releaseFromManifest(
  path: string,
  dir: string,
  tools: ReleaseTools,
  ui: Ui,
): Promise<CreatedRelease> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw wrapError(e, `Reading manifest '${path}'`);
  }
  const parsed = parseReleaseManifest(text);
  const reporter = new IndexReporter(ui);
  const finalCache = tools.archiveCache({
    blobstore: await openReleaseBlobstore(dir, tools.blobstore),
    reporter,
  });
  const dev = archiveIndices(dir, false, reporter, tools.archiveCache({ reporter }));
  const final = archiveIndices(dir, true, reporter, finalCache);
  const indices = {
    job: [dev.jobs, final.jobs],
    package: [dev.packages, final.packages],
    license: [dev.licenses, final.licenses],
  } as const;
  const found = await builtFromManifest(parsed, async ({ kind, name, fingerprint }) => {
    const [devIndex, finalIndex] = indices[kind];
    const archive = (await devIndex.find(name, fingerprint)) ?? (await finalIndex.find(name, fingerprint));
    if (!archive) throw new Error(`Expected to find '${name}/${fingerprint}'`);
    return archive;
  });
  // As in bosh-cli 7.9.13, jobs read back from a manifest lose their package lists (README §15.2).
  const built: BuiltRelease = { ...found, jobs: found.jobs.map((j) => ({ ...j, packages: [] })) };
  const manifest: ReleaseManifest = { ...parsed, jobs: parsed.jobs.map((j) => ({ ...j, packages: [] })) };
  return { manifest, built };
}
