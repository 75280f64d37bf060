import type { ReleaseManifest } from '../../core/release/index.js';
import type { ResourceKind } from '../../ports/release-archive.js';
import type { Archive } from './archive-index.js';
import type { BuiltRelease } from './build-resources.js';
import type { ReleaseTablesInput } from './release-tables.js';

export interface ReleaseIdentity {
  readonly name: string;
  readonly version: string;
  readonly commitHash: string;
  readonly uncommittedChanges: boolean;
}

/** The release manifest (release.MF and dev/final manifests) of a built release. */
export function releaseManifestOf(id: ReleaseIdentity, built: BuiltRelease): ReleaseManifest {
  return {
    ...id,
    jobs: built.jobs.map((j) => ({
      name: j.name,
      version: j.fingerprint,
      fingerprint: j.fingerprint,
      sha1: j.archive.digest,
      packages: j.packages,
    })),
    packages: built.packages.map((p) => ({
      name: p.name,
      version: p.fingerprint,
      fingerprint: p.fingerprint,
      sha1: p.archive.digest,
      dependencies: p.dependencies,
    })),
    ...(built.license
      ? {
          license: {
            version: built.license.fingerprint,
            fingerprint: built.license.fingerprint,
            sha1: built.license.archive.digest,
          },
        }
      : {}),
  };
}

/** What the release tables show of a manifest. */
export function tablesOf(m: ReleaseManifest, archivePath?: string): ReleaseTablesInput {
  return {
    name: m.name,
    version: m.version,
    commitHash: m.commitHash,
    uncommittedChanges: m.uncommittedChanges,
    ...(archivePath !== undefined ? { archivePath } : {}),
    jobs: m.jobs.map((j) => ({
      name: j.name,
      fingerprint: j.fingerprint,
      digest: j.sha1,
      packages: j.packages,
    })),
    packages: m.packages.map((p) => ({
      name: p.name,
      fingerprint: p.fingerprint,
      digest: p.sha1,
      dependencies: p.dependencies,
    })),
    compiledPackages: (m.compiledPackages ?? []).map((p) => ({
      name: p.name,
      fingerprint: p.fingerprint,
      digest: p.sha1,
      dependencies: p.dependencies,
      stemcell: p.stemcell,
    })),
  };
}

/** Where the archive of a manifest's job, package or license is; undefined when there is none. */
export type ArchiveOf = (ref: {
  kind: ResourceKind;
  name: string;
  fingerprint: string;
  sha1: string;
}) => Promise<Archive | undefined>;

/**
 * The inverse of releaseManifestOf: a recorded manifest with its archives (from a tarball, or from the dev and final
 * builds). A job or package without an archive is an error; a license without one is left out.
 */
export async function builtFromManifest(m: ReleaseManifest, archiveOf: ArchiveOf): Promise<BuiltRelease> {
  const required = async (
    kind: ResourceKind,
    name: string,
    fingerprint: string,
    sha1: string,
  ): Promise<Archive> => {
    const archive = await archiveOf({ kind, name, fingerprint, sha1 });
    if (!archive) throw new Error(`Expected to find '${name}/${fingerprint}'`);
    return archive;
  };
  const jobs = [];
  for (const j of m.jobs) {
    const archive = await required('job', j.name, j.fingerprint, j.sha1);
    jobs.push({
      kind: 'job' as const,
      name: j.name,
      fingerprint: j.fingerprint,
      archive,
      packages: j.packages,
    });
  }
  const packages = [];
  for (const p of m.packages) {
    const archive = await required('package', p.name, p.fingerprint, p.sha1);
    packages.push({
      kind: 'package' as const,
      name: p.name,
      fingerprint: p.fingerprint,
      archive,
      dependencies: p.dependencies,
    });
  }
  const lic = m.license;
  const licenseArchive = lic
    ? await archiveOf({ kind: 'license', name: 'license', fingerprint: lic.fingerprint, sha1: lic.sha1 })
    : undefined;
  const license =
    lic && licenseArchive
      ? { kind: 'license' as const, name: 'license', fingerprint: lic.fingerprint, archive: licenseArchive }
      : undefined;
  return { jobs, packages, license };
}
