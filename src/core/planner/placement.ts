/**
 * Where each desired instance of a group goes, as BOSH's `AvailabilityZonePicker` decides it:
 * 1. ignored instances stay where they are (their AZ must still be listed);
 * 2. instances with a persistent disk stay in their AZ when it is still listed (lowest index first);
 * 3. the rest are spread evenly: the AZ with the fewest placed instances wins, ties go to an AZ that still has
 *    unclaimed existing instances, else to the smallest name; each placement reuses the lowest-indexed unclaimed
 *    existing instance of that AZ.
 * Existing instances left unclaimed are obsolete.
 */
import { BoshError } from '../errors.js';

export interface Placeable {
  readonly group: string;
  readonly index: number;
  readonly az: string | null;
  readonly ignore: boolean;
  readonly hasDisk: boolean;
}

export interface Placement<E> {
  /** Existing instances kept, with the AZ they are placed in (their own). */
  readonly existing: readonly E[];
  /** The AZ of each instance to create, in placement order. */
  readonly fresh: readonly (string | null)[];
  readonly obsolete: readonly E[];
}

class Unplaced<E extends Placeable> {
  readonly byAz = new Map<string | null, E[]>();

  constructor(instances: readonly E[]) {
    for (const i of [...instances].sort((a, b) => a.index - b.index)) {
      const list = this.byAz.get(i.az);
      if (list) list.push(i);
      else this.byAz.set(i.az, [i]);
    }
  }

  all = (): E[] => [...this.byAz.values()].flat();
  count = (az: string): number => this.byAz.get(az)?.length ?? 0;
  claim(instance: E): void {
    const list = this.byAz.get(instance.az) ?? [];
    list.splice(list.indexOf(instance), 1);
  }
  claimIn = (az: string | null): E | undefined => this.byAz.get(az)?.shift();
}

function checkIgnored(
  group: string,
  count: number,
  azs: readonly string[] | null,
  ignored: readonly Placeable[],
) {
  if (ignored.length === 0) return;
  if (ignored.length > count)
    throw new BoshError(
      'DeploymentIgnoredInstancesModification',
      `Instance Group '${group}' has ${ignored.length} ignored instance(s). ${count} instance(s) of that ` +
        'instance group were requested. Deleting ignored instances is not allowed.',
    );
  const gone = [...new Set(ignored.map((i) => i.az).filter((az): az is string => az !== null))].filter(
    (az) => !(azs ?? []).includes(az),
  );
  if (gone.length > 0)
    throw new BoshError(
      'DeploymentIgnoredInstancesModification',
      `Instance Group '${group}' no longer contains AZs [${gone.map((az) => `"${az}"`).join(', ')}] where ` +
        'ignored instance(s) exist.',
    );
}

/** `Balancer#pop` with BOSH's MinWins tie strategy (randomized placement is not reproduced). */
function popAz(weights: Map<string, number>, preferred: string[]): string | null {
  if (weights.size === 0) return null;
  const min = Math.min(...weights.values());
  const lightest = [...weights.keys()].filter((az) => weights.get(az) === min);
  const chosen =
    lightest.find((az) => preferred.includes(az)) ?? [...lightest].sort((a, b) => (a < b ? -1 : 1))[0];
  if (chosen === undefined) return null;
  weights.set(chosen, min + 1);
  const at = preferred.indexOf(chosen);
  if (at >= 0) preferred.splice(at, 1);
  return chosen;
}

export function placeInstances<E extends Placeable>(
  group: string,
  count: number,
  azs: readonly string[] | null,
  instances: readonly E[],
): Placement<E> {
  const unplaced = new Unplaced(instances);
  const sortedAzs = azs === null ? null : [...azs].sort((a, b) => unplaced.count(b) - unplaced.count(a));
  const ignored = unplaced.all().filter((i) => i.ignore);
  checkIgnored(group, count, azs, ignored);
  const placed = new Map<string, number>((sortedAzs ?? []).map((az) => [az, 0]));
  const existing: E[] = [];
  const fresh: (string | null)[] = [];
  let remaining = count;
  const record = (az: string | null, instance: E | undefined): void => {
    remaining -= 1;
    if (az !== null) placed.set(az, (placed.get(az) ?? 0) + 1);
    if (instance) existing.push(instance);
    else fresh.push(az);
  };
  for (const i of ignored) {
    unplaced.claim(i);
    record(sortedAzs?.includes(i.az ?? '') === true ? i.az : null, i);
  }
  if (sortedAzs !== null) {
    const withDisk = unplaced.all().filter((i) => i.hasDisk);
    withDisk.sort((a, b) => a.index - b.index);
    for (const i of withDisk) {
      if (remaining <= 0) break;
      if (i.az === null || !sortedAzs.includes(i.az)) continue;
      unplaced.claim(i);
      record(i.az, i);
    }
  }
  const preferred = unplaced
    .all()
    .map((i) => i.az)
    .filter((az): az is string => az !== null);
  const weights = new Map(placed);
  while (remaining > 0) {
    const az = popAz(weights, preferred);
    record(az, unplaced.claimIn(az));
  }
  return { existing, fresh, obsolete: unplaced.all() };
}

/** `IndexAssigner#find_unused_index`: the lowest index no instance of the group holds. */
export function lowestFreeIndex(used: ReadonlySet<number>): number {
  let i = 0;
  while (used.has(i)) i += 1;
  return i;
}

/**
 * `InstancePlanner#elect_bootstrap_instance`: exactly one bootstrap; the current one stays when it is the only
 * one among the desired instances, otherwise the lowest index is elected.
 */
export function electBootstrap(
  instances: readonly { readonly index: number; readonly bootstrap: boolean }[],
) {
  const current = instances.filter((i) => i.bootstrap);
  if (current.length === 1) return current[0]?.index;
  if (instances.length === 0) return undefined;
  return Math.min(...instances.map((i) => i.index));
}
