import { BoshError } from '../../../core/errors.js';

interface PackageDeps {
  readonly name: string;
  readonly version: string;
  readonly dependencies: readonly string[];
}

/**
 * `CycleHelper.check_for_cycle` as `UpdateRelease#resolve_package_dependencies` runs it: every dependency must be a
 * package of the release (`Invalid edge: <name>`), and none may depend on itself through others (`Cycle:
 * a=>b=>a`). Both are plain RuntimeErrors in BOSH. Returns each package's transitive dependencies.
 */
export function resolvePackageDependencies(packages: readonly PackageDeps[]): Map<string, string[]> {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const result = new Map<string, string[]>();
  const visit = (path: string[], vertex: string, connected: Set<string>): void => {
    path.push(vertex);
    if (path.length > 1) connected.add(vertex);
    for (const edge of byName.get(vertex)?.dependencies ?? []) {
      if (!byName.has(edge)) throw new BoshError('DirectorError', `Invalid edge: ${edge}`);
      if (path.includes(edge)) {
        throw new BoshError('DirectorError', `Cycle: ${[...path, edge].join('=>')}`);
      }
      visit(path, edge, connected);
    }
    path.pop();
  };
  for (const name of byName.keys()) {
    const connected = new Set<string>();
    visit([], name, connected);
    result.set(name, [...connected]);
  }
  return result;
}

type KeyTree = [string, string] | [string, string, KeyTree[]];

/**
 * `KeyGenerator#dependency_key_from_manifest` / `_from_models`: the JSON of `[name, version, [subdeps…]]` for each
 * (sorted) dependency of `name`, recursively; `packages` are the release version's packages.
 */
export function dependencyKey(name: string, packages: readonly PackageDeps[]): string {
  const byName = new Map<string, PackageDeps>();
  for (const p of packages) if (!byName.has(p.name)) byName.set(p.name, p);
  const tree = (dep: string): KeyTree => {
    const p = byName.get(dep);
    if (p === undefined) throw new BoshError('DirectorError', `Invalid edge: ${dep}`);
    const subs = [...p.dependencies].sort();
    return subs.length > 0 ? [p.name, p.version, subs.map(tree)] : [p.name, p.version];
  };
  const root = byName.get(name);
  if (root === undefined) {
    throw new BoshError(
      'ReleaseExistingPackageHashMismatch',
      `Package '${name}' not found in the release manifest.`,
    );
  }
  return JSON.stringify([...root.dependencies].sort().map(tree));
}
