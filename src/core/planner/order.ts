/**
 * `InstancePlanSorter`: the bootstrap instance first, then the rest of its AZ, then instances without an AZ, then
 * the other AZs by name; inside each AZ by `group/uuid`.
 */
export interface Sortable {
  readonly group: string;
  readonly uuid: string;
  readonly az: string | null;
  readonly bootstrap: boolean;
}

const byName = <T extends Sortable>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => {
    const x = `${a.group}/${a.uuid}`;
    const y = `${b.group}/${b.uuid}`;
    return x < y ? -1 : x > y ? 1 : 0;
  });

export function sortInstancePlans<T extends Sortable>(plans: readonly T[]): T[] {
  const out: T[] = [];
  let rest = [...plans];
  const takeAz = (az: string | null): void => {
    out.push(...byName(rest.filter((p) => p.az === az)));
    rest = rest.filter((p) => p.az !== az);
  };
  const bootstrap = rest.find((p) => p.bootstrap);
  if (bootstrap) {
    out.push(bootstrap);
    rest = rest.filter((p) => p !== bootstrap);
    takeAz(bootstrap.az);
  }
  takeAz(null);
  const azs = [...new Set(rest.map((p) => p.az ?? ''))].sort();
  for (const az of azs) takeAz(az);
  return out;
}
