import { createHash } from 'node:crypto';
import { boshError } from '../../../core/errors.js';
import type { CompiledPackageRecord, PackageRecord } from '../../../ports/director-store.js';
import { dependencyKey } from './dependencies.js';
import type { PackageMeta, PackagePlan } from './package-plan.js';
import { blobFromBits, desc, directorError, type UploadPlan, type UploadScope } from './upload-scope.js';

/** A compiled package the upload creates. */
export interface CompiledPackageToCreate {
  readonly meta: PackageMeta;
  readonly stemcellOs: string;
  readonly stemcellVersion: string;
  readonly dependencyKey: string;
  readonly build: number;
  /** A compiled package of another package with the same name and fingerprint, whose blob is copied. */
  readonly similar: CompiledPackageRecord | undefined;
}

export interface CompiledPackagesPlan {
  /** Every compiled package of the manifest (the stage's total, as BOSH counts it). */
  readonly total: number;
  readonly toCreate: readonly CompiledPackageToCreate[];
}

/** `CompiledPackage.split_stemcell_os_and_version`. */
function splitStemcell(slug: string): { os: string; version: string } {
  const slash = slug.indexOf('/');
  if (slash < 0) {
    throw directorError(
      `Expected value to be in the format of "{os_name}/{stemcell_version}", but given "${slug}"`,
    );
  }
  return { os: slug.slice(0, slash), version: slug.slice(slash + 1) };
}

/**
 * `PackagePersister#create_compiled_packages` up to the writes: for each compiled package of the manifest, its
 * dependency key must be the one the DB's packages give (ReleasePackageDependencyKeyMismatch `The uploaded release
 * contains package dependencies in 'x' that do not match database records.`); one the DB has already (same
 * package, stemcell and dependency key) is skipped.
 */
export async function planCompiledPackages(
  scope: UploadScope,
  plan: PackagePlan,
): Promise<CompiledPackagesPlan> {
  const { manifest, store } = scope;
  const refs: Array<[PackageRecord | undefined, PackageMeta]> = [
    ...plan.created.map((meta): [undefined, PackageMeta] => [undefined, meta]),
    ...plan.existing,
    ...plan.registered,
  ];
  const stored = new Map(refs.map(([pkg, meta]) => [meta.name, pkg?.dependencies ?? meta.dependencies]));
  const versionPackages = [
    ...refs.map(([pkg, meta]) => ({
      name: meta.name,
      version: pkg?.version ?? meta.version,
      dependencies: stored.get(meta.name) ?? [],
    })),
    ...(scope.existingVersion?.packages ?? []),
  ];
  const similarPackages = await store.releases.packagesByFingerprint([
    ...new Set(manifest.packages.map((p) => p.fingerprint)),
  ]);
  const toCreate: CompiledPackageToCreate[] = [];
  for (const [pkg, meta] of refs) {
    const { os, version } = splitStemcell(meta.stemcell ?? '');
    const key = dependencyKey(meta.name, versionPackages);
    if (key !== dependencyKey(meta.name, manifest.packages)) {
      throw boshError(
        'ReleasePackageDependencyKeyMismatch',
        `The uploaded release contains package dependencies in '${meta.name}' that do not match database records.`,
      );
    }
    const matches = (c: CompiledPackageRecord): boolean =>
      c.stemcellOs === os && c.stemcellVersion === version && c.dependencyKey === key;
    const own = pkg === undefined ? [] : await store.releases.compiledPackages(pkg.id);
    if (own.some(matches)) {
      if (scope.fix) scope.ctx.debug(`Keeping compiled package '${desc(meta)}' for ${os}/${version} (--fix)`);
      continue;
    }
    let similar: CompiledPackageRecord | undefined;
    for (const other of similarPackages.filter(
      (p) => p.name === meta.name && p.fingerprint === meta.fingerprint,
    )) {
      similar ??= (await store.releases.compiledPackages(other.id)).find(matches);
    }
    const builds = own
      .filter((c) => c.stemcellOs === os && c.stemcellVersion === version)
      .map((c) => c.build);
    const build = Math.max(0, ...builds) + 1;
    toCreate.push({ meta, stemcellOs: os, stemcellVersion: version, dependencyKey: key, build, similar });
  }
  return { total: refs.length, toCreate };
}

/** Stage `Creating new compiled packages`, task `name/version for os/version` for each one created. */
export async function persistCompiledPackages(
  scope: UploadScope,
  compiled: CompiledPackagesPlan,
  out: UploadPlan,
): Promise<void> {
  const stage = scope.ctx.events.beginStage('Creating new compiled packages', compiled.total);
  for (const c of compiled.toCreate) {
    const task = `${desc(c.meta)} for ${c.stemcellOs}/${c.stemcellVersion}`;
    await stage.advanceAndTrack(task, async () => {
      const blob =
        c.similar !== undefined
          ? { blobstoreId: await scope.blobs.copy(c.similar.blobstoreId), sha1: c.similar.sha1 }
          : await blobFromBits(scope, 'compiled package', c.meta);
      out.compiledPackages.push({
        packageName: c.meta.name,
        packageFingerprint: c.meta.fingerprint,
        stemcellOs: c.stemcellOs,
        stemcellVersion: c.stemcellVersion,
        build: c.build,
        dependencyKey: c.dependencyKey,
        dependencyKeySha1: createHash('sha1').update(c.dependencyKey).digest('hex'),
        ...blob,
      });
    });
  }
}
