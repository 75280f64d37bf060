import type { PackageRecord } from '../../../ports/director-store.js';
import { plural, singleStepStage } from '../stages.js';
import type { PackageMeta, PackagePlan } from './package-plan.js';
import { blobFromBits, desc, type UploadPlan, type UploadScope } from './upload-scope.js';

/**
 * `UpdateRelease::PackagePersister.persist` for the packages themselves (compiled packages are
 * `compiled-packages.ts`'): stage `Creating new packages` (task `name/version` each), then `Processing N existing
 * packages` for packages of the release new to this version, then (source releases) `Processing N existing
 * packages` again for packages already in it. A source package gets a blob: a copy of a package's with the same
 * fingerprint, else the upload's bits; with `--fix` always the bits, replacing the blob it had.
 */
export async function persistPackages(scope: UploadScope, plan: PackagePlan, out: UploadPlan): Promise<void> {
  const { ctx, manifest } = scope;
  if (plan.created.length > 0) {
    const stage = ctx.events.beginStage('Creating new packages', plan.created.length);
    for (const meta of plan.created) {
      await stage.advanceAndTrack(desc(meta), async () => {
        ctx.debug(`Creating new package '${desc(meta)}'`);
        out.packages.push(await createPackage(scope, meta));
      });
    }
  }
  if (plan.existing.length > 0) {
    const n = plan.existing.length;
    await singleStepStage(ctx, `Processing ${n} existing package${plural(n)}`, async () => {
      for (const [pkg, meta] of plan.existing) {
        ctx.debug(`Using existing package '${desc(pkg)}'`);
        out.packages.push({ existingId: pkg.id });
        if (!manifest.compiled) await saveSourceBlob(scope, pkg, meta, out);
      }
    });
  }
  if (!manifest.compiled && plan.registered.length > 0) {
    const n = plan.registered.length;
    await singleStepStage(ctx, `Processing ${n} existing package${plural(n)}`, async () => {
      for (const [pkg, meta] of plan.registered) {
        ctx.debug(`Adding source for package '${desc(pkg)}'`);
        await saveSourceBlob(scope, pkg, meta, out);
      }
    });
  }
}

async function createPackage(scope: UploadScope, meta: PackageMeta): Promise<Omit<PackageRecord, 'id'>> {
  const record = {
    name: meta.name,
    version: meta.version,
    fingerprint: meta.fingerprint,
    dependencies: meta.dependencies,
  };
  if (scope.manifest.compiled) return { ...record, blobstoreId: null, sha1: null };
  if (meta.reuse !== undefined) {
    scope.ctx.debug(`Creating package '${desc(meta)}' from existing blob ${meta.reuse.blobstoreId}`);
    return { ...record, blobstoreId: await scope.blobs.copy(meta.reuse.blobstoreId), sha1: meta.reuse.sha1 };
  }
  scope.ctx.debug(`Creating package '${desc(meta)}' from provided bits`);
  return { ...record, ...(await blobFromBits(scope, 'package', meta)) };
}

/** `save_package_source_blob` for a package the DB has: a blob when it has none, a new one with `--fix`. */
async function saveSourceBlob(
  scope: UploadScope,
  pkg: PackageRecord,
  meta: PackageMeta,
  out: UploadPlan,
): Promise<void> {
  if (scope.fix) {
    scope.ctx.debug(`Re-creating package '${desc(pkg)}' from provided bits`);
    const blob = await blobFromBits(scope, 'package', meta);
    scope.blobs.replace(pkg.blobstoreId);
    out.packageBlobs.push({ id: pkg.id, ...blob });
    return;
  }
  if (pkg.blobstoreId !== null) return;
  if (meta.reuse !== undefined) {
    scope.ctx.debug(`Creating package '${desc(pkg)}' from existing blob ${meta.reuse.blobstoreId}`);
    const blobstoreId = await scope.blobs.copy(meta.reuse.blobstoreId);
    out.packageBlobs.push({ id: pkg.id, blobstoreId, sha1: meta.reuse.sha1 });
    return;
  }
  scope.ctx.debug(`Creating package '${desc(pkg)}' from provided bits`);
  out.packageBlobs.push({ id: pkg.id, ...(await blobFromBits(scope, 'package', meta)) });
}
