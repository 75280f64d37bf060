/**
 * Package ordering by dependencies (release/pkg/sort.go), as create-env compiles them: every package after
 * all of its dependencies. create-release never sorts this way (manifests list packages by name) and so
 * never notices a cycle (README §15.1); the sort does, with bosh-cli's message.
 */
export interface PackageNode {
  readonly name: string;
  readonly dependencies: readonly string[];
}

/**
 * Kahn's algorithm as bosh-cli runs it: start from the packages nothing depends on, prepend each taken
 * package to the result, release its dependencies when their last dependent is taken. bosh-cli seeds the
 * queue from a Go map (random order); this takes the input order, so the result is deterministic.
 * Dependencies on names not in `packages` are ignored.
 */
export function sortPackagesByDependencies<T extends PackageNode>(packages: readonly T[]): T[] {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const dependents = new Map<T, T[]>(packages.map((p) => [p, []]));
  for (const pkg of packages) {
    for (const dep of pkg.dependencies) {
      const target = byName.get(dep);
      if (target !== undefined) dependents.get(target)?.push(pkg);
    }
  }
  const queue = packages.filter((p) => dependents.get(p)?.length === 0);
  const sorted: T[] = [];
  while (queue.length > 0) {
    const pkg = queue.shift() as T;
    sorted.unshift(pkg);
    for (const dep of pkg.dependencies) {
      const target = byName.get(dep);
      if (target === undefined) continue;
      const waiting = dependents.get(target) ?? [];
      const i = waiting.indexOf(pkg);
      if (i >= 0) waiting.splice(i, 1);
      if (waiting.length === 0 && !sorted.includes(target) && !queue.includes(target)) queue.push(target);
    }
  }
  if ([...dependents.values()].some((waiting) => waiting.length > 0)) {
    throw new Error('Circular dependency detected while sorting packages');
  }
  return sorted;
}

/**
 * The first dependency cycle found, as a path that starts and ends with the same name (`a → b → c → a`),
 * or undefined. Searches from each package in input order, following dependencies in spec order.
 */
export function findDependencyCycle(packages: readonly PackageNode[]): string[] | undefined {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    const at = path.indexOf(name);
    if (at >= 0) return [...path.slice(at), name];
    if (done.has(name)) return undefined;
    const pkg = byName.get(name);
    if (pkg === undefined) return undefined;
    path.push(name);
    for (const dep of pkg.dependencies) {
      const cycle = visit(dep);
      if (cycle !== undefined) return cycle;
    }
    path.pop();
    done.add(name);
    return undefined;
  };
  for (const pkg of packages) {
    const cycle = visit(pkg.name);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}
