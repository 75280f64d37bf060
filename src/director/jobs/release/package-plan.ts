import { boshError } from '../../../core/errors.js';
import type { PackageRecord } from '../../../ports/director-store.js';
import type { ManifestPackage } from './manifest.js';
import type { UploadScope } from './upload-scope.js';

/** A manifest package with the blob of another package with its fingerprint, when the upload may reuse it. */
export interface PackageMeta extends ManifestPackage {
  readonly reuse?: { readonly blobstoreId: string; readonly sha1: string };
}

export interface PackagePlan {
  /** Not in the release yet. */
  readonly created: PackageMeta[];
  /** In the release (same name, version, fingerprint), not in this version yet. */
  readonly existing: Array<[PackageRecord, PackageMeta]>;
  /** Already in this version (the version was uploaded before). */
  readonly registered: Array<[PackageRecord, PackageMeta]>;
}

/**
 * `UpdateRelease::PackageProcessor.process`: sorts the manifest's packages into new, existing and registered ones,
 * noting for each package without a blob of its own another package's blob with the same fingerprint to copy
 * (none with `--fix`: the upload's bits are used). A package of a version uploaded before must keep its
 * fingerprint: `package 'x' had different fingerprint in previously uploaded release 'n/v'` (ReleaseInvalidPackage).
 */
export async function planPackages(scope: UploadScope): Promise<PackagePlan> {
  const { manifest, existingVersion, fix } = scope;
  const plan: PackagePlan = { created: [], existing: [], registered: [] };
  scope.ctx.debug('Checking for new packages in release');
  const fingerprints = [...new Set(manifest.packages.map((p) => p.fingerprint))];
  const matching = (await scope.store.releases.packagesByFingerprint(fingerprints)).sort(
    (a, b) => a.id - b.id,
  );

  for (const meta of manifest.packages) {
    for (const pkg of existingVersion?.packages ?? []) {
      if (pkg.name === meta.name && pkg.fingerprint !== meta.fingerprint) {
        throw boshError(
          'ReleaseInvalidPackage',
          `package '${meta.name}' had different fingerprint in previously uploaded release '${scope.name}/${scope.version}'`,
        );
      }
    }
    const existing = scope.releasePackages.find(
      (p) => p.fingerprint === meta.fingerprint && p.name === meta.name && p.version === meta.version,
    );
    let planned: PackageMeta = meta;
    if ((existing?.blobstoreId ?? null) === null && !fix) {
      const reusable = matching.find((p) => p.fingerprint === meta.fingerprint && p.blobstoreId !== null);
      if (reusable?.blobstoreId != null) {
        planned = { ...meta, reuse: { blobstoreId: reusable.blobstoreId, sha1: reusable.sha1 ?? '' } };
      }
    }
    if (existing === undefined) {
      plan.created.push(planned);
    } else if (existingVersion?.packages.some((p) => p.id === existing.id)) {
      plan.registered.push([existing, planned]);
    } else {
      plan.existing.push([existing, planned]);
    }
  }
  return plan;
}
