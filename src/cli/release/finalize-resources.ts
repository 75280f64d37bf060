import { parallelDo } from '../../base/work-pool.js';
import type { Archive, ArchiveIndex, ArchiveIndices } from './archive-index.js';
import type { BuiltRelease, BuiltResource } from './build-resources.js';

/**
 * bosh-cli's release.Finalize: each job and package (in parallel), then the license, is taken from the final index
 * when it is there, else uploaded to the release blobstore and added to it. The final digests win.
 */
export async function finalizeResources(
  built: BuiltRelease,
  final: ArchiveIndices,
  parallel: number,
): Promise<BuiltRelease> {
  const archives = new Map<string, Archive>();
  const task = (r: BuiltResource, index: ArchiveIndex) => async (): Promise<void> => {
    const found = await index.find(r.name, r.fingerprint);
    const archive = found ?? (await index.add(r.name, r.fingerprint, { ...r.archive, move: false }));
    archives.set(`${r.kind}/${r.name}`, found ? archive : r.archive);
  };
  await parallelDo(parallel, [
    ...built.jobs.map((j) => task(j, final.jobs)),
    ...built.packages.map((p) => task(p, final.packages)),
  ]);
  if (built.license) await task(built.license, final.licenses)();
  const withArchive = <T extends BuiltResource>(r: T): T => ({
    ...r,
    archive: archives.get(`${r.kind}/${r.name}`) ?? r.archive,
  });
  return {
    jobs: built.jobs.map(withArchive),
    packages: built.packages.map(withArchive),
    license: built.license ? withArchive(built.license) : undefined,
  };
}
