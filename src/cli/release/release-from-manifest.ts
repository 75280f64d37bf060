import { readFile } from 'node:fs/promises';
import { wrapError } from '../../base/errors.js';
import { parseReleaseManifest, type ReleaseManifest } from '../../core/release/index.js';
import type { Ui } from '../ui/ui.js';
import { type Archive, type ArchiveIndex, archiveIndices } from './archive-index.js';
import type { BuiltRelease } from './build-resources.js';
import { IndexReporter } from './index-reporter.js';
import { openReleaseBlobstore } from './release-blobstore.js';
import type { CreatedRelease } from './create-release.js';
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
  const find = async (
    devIndex: ArchiveIndex,
    finalIndex: ArchiveIndex,
    name: string,
    fp: string,
  ): Promise<Archive> => {
    const found = (await devIndex.find(name, fp)) ?? (await finalIndex.find(name, fp));
    if (!found) throw new Error(`Expected to find '${name}/${fp}'`);
    return found;
  };
  const jobs = [];
  for (const j of parsed.jobs) {
    const archive = await find(dev.jobs, final.jobs, j.name, j.fingerprint);
    jobs.push({ kind: 'job' as const, name: j.name, fingerprint: j.fingerprint, archive, packages: [] });
  }
  const packages = [];
  for (const p of parsed.packages) {
    const archive = await find(dev.packages, final.packages, p.name, p.fingerprint);
    packages.push({
      kind: 'package' as const,
      name: p.name,
      fingerprint: p.fingerprint,
      archive,
      dependencies: p.dependencies,
    });
  }
  const lic = parsed.license;
  const license = lic
    ? {
        kind: 'license' as const,
        name: 'license',
        fingerprint: lic.fingerprint,
        archive: await find(dev.licenses, final.licenses, 'license', lic.fingerprint),
      }
    : undefined;
  const built: BuiltRelease = { jobs, packages, license };
  const manifest: ReleaseManifest = { ...parsed, jobs: parsed.jobs.map((j) => ({ ...j, packages: [] })) };
  return { manifest, built };
}
