/**
 * `CompiledPackageRequirementGenerator` + `CompiledPackageRequirement` + `CompiledPackageFinder`: one requirement per
 * (package, stemcell os/version), with its dependencies and dependents, its dependency key, and the compiled package
 * already stored for it, if any.
 */
import { BoshError } from '../../core/errors.js';
import type {
  CompiledPackageRecord,
  PackageRecord,
  ReleaseRepo,
} from '../../ports/director-release-store.js';
import { dependencyKey } from '../jobs/release/dependencies.js';
import { stemcellVersionsMatch } from '../jobs/release-version.js';
import type { CompileRelease, CompileStemcell } from './types.js';

export interface Requirement {
  readonly releaseName: string;
  readonly package: PackageRecord;
  readonly dependencyKey: string;
  readonly dependencies: Requirement[];
  readonly dependents: Requirement[];
  compiled: CompiledPackageRecord | undefined;
}

/** `package.desc`: `<name>/<version>` (the version is the fingerprint), the stage's task name. */
export const packageDesc = (p: PackageRecord): string => `${p.name}/${p.version}`;

export const readyToCompile = (r: Requirement): boolean =>
  r.compiled === undefined && r.dependencies.every((d) => d.compiled !== undefined);

const minor = (v: string): number => Number(v.split('.')[1] ?? 0) || 0;

/**
 * `CompiledPackageFinder#find_compiled_package`: the exact match (stemcell os + version + dependency key); for a
 * package without source, else the compiled package of the newest stemcell of the same major version.
 */
export async function findCompiledPackage(
  store: Pick<ReleaseRepo, 'compiledPackages'>,
  pkg: PackageRecord,
  stemcell: CompileStemcell,
  key: string,
): Promise<CompiledPackageRecord | undefined> {
  const all = (await store.compiledPackages(pkg.id)).filter(
    (c) => c.stemcellOs === stemcell.operatingSystem && c.dependencyKey === key,
  );
  const exact = all.find((c) => c.stemcellVersion === stemcell.version);
  if (exact !== undefined || pkg.blobstoreId !== null) return exact;
  const fuzzy = all.filter((c) => stemcellVersionsMatch(c.stemcellVersion, stemcell.version));
  return fuzzy.sort((a, b) => minor(b.stemcellVersion) - minor(a.stemcellVersion))[0];
}

/**
 * The requirements of every requested package and its dependencies, depth first: a dependency's requirement comes
 * before its dependents (insertion order of BOSH's requirements hash). Keyed by package id.
 */
export async function generateRequirements(
  releases: readonly CompileRelease[],
  stemcell: CompileStemcell,
  store: Pick<ReleaseRepo, 'compiledPackages'>,
  debug: (line: string) => void,
): Promise<Map<number, Requirement>> {
  const requirements = new Map<number, Requirement>();
  const stemcellDesc = `${stemcell.name}/${stemcell.version}`;
  for (const release of releases) {
    const packages = release.version.packages;
    const byName = new Map(packages.map((p) => [p.name, p]));
    const generate = async (pkg: PackageRecord): Promise<Requirement> => {
      debug(
        `Checking whether package '${packageDesc(pkg)}' needs to be compiled for stemcell '${stemcellDesc}'`,
      );
      const known = requirements.get(pkg.id);
      if (known !== undefined) return known;
      const key = dependencyKey(pkg.name, packages);
      const compiled = await findCompiledPackage(store, pkg, stemcell, key);
      const requirement: Requirement = {
        releaseName: release.version.releaseName,
        package: pkg,
        dependencyKey: key,
        dependencies: [],
        dependents: [],
        compiled,
      };
      for (const name of pkg.dependencies) {
        const dep = byName.get(name);
        if (dep === undefined) throw new BoshError('DirectorError', `Invalid edge: ${name}`);
        debug(`Package '${packageDesc(pkg)}' depends on package '${packageDesc(dep)}'`);
        const depRequirement = await generate(dep);
        requirement.dependencies.push(depRequirement);
        depRequirement.dependents.push(requirement);
      }
      requirements.set(pkg.id, requirement);
      return requirement;
    };
    const wanted = release.packages ?? packages.map((p) => p.name);
    for (const name of wanted) {
      const pkg = byName.get(name);
      if (pkg === undefined) {
        const desc = `${release.version.releaseName}/${release.version.version}`;
        throw new BoshError('DirectorError', `Package '${name}' not found in release '${desc}'`);
      }
      await generate(pkg);
    }
  }
  for (const r of requirements.values()) {
    if (r.compiled === undefined && r.package.blobstoreId === null) {
      throw new BoshError(
        'PackageMissingSourceCode',
        `\nCan't use release '${r.releaseName}'. It references packages without source code and are not compiled ` +
          `against stemcell '${stemcellDesc}':\n - '${packageDesc(r.package)}'\n`,
      );
    }
  }
  return requirements;
}

/**
 * `CompiledPackageRequirement#dependency_spec`: what compile_package gets for the dependencies, each compiled as
 * `<version>.<build>`.
 */
export function dependencySpec(r: Requirement): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  for (const dep of r.dependencies) {
    const c = dep.compiled;
    if (c === undefined) {
      throw new BoshError(
        'DirectorError',
        `Cannot generate package dependency spec for '${r.package.name}', '${dep.package.name}' hasn't been compiled yet`,
      );
    }
    spec[dep.package.name] = {
      name: dep.package.name,
      version: `${dep.package.version}.${String(c.build)}`,
      sha1: c.sha1,
      blobstore_id: c.blobstoreId,
    };
  }
  return spec;
}
