import type { ReleaseManifest } from '../../core/release/index.js';
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
