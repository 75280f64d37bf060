/**
 * `Errand::InstanceMatcher`: the instances `--instance GROUP[/ID]` filters pick (ID: a uuid, an index or `first`, the
 * group's lowest uuid), and the filters that picked nothing, as Ruby inspects them for BOSH's error.
 */
export interface ErrandInstance {
  readonly group: string;
  readonly uuid: string;
  readonly index: number;
  readonly state: string;
}

export interface InstanceFilter {
  readonly group: string | null;
  readonly id: string | null;
  /** The request's filter as Ruby's `inspect` shows it. */
  readonly original: string;
}

/** `first`: the filtered group's lowest uuid (undefined when the group has no instances). */
const firstUuid = (group: string | null, all: readonly ErrandInstance[]): string | undefined =>
  all
    .filter((x) => x.group === group)
    .map((x) => x.uuid)
    .sort()[0];

/** Whether filter `f` picks `i`; `first` is the filter's group's lowest uuid when it asks for `first`. */
function matches(f: InstanceFilter, i: ErrandInstance, first: string | undefined): boolean {
  if (f.id === null || f.id === '') return i.group === f.group;
  if (f.id === 'first' && i.group === f.group) return first === i.uuid;
  return i.group === f.group && (i.uuid === f.id || String(i.index) === f.id);
}

export function matchInstances(
  filters: readonly InstanceFilter[],
  instances: readonly ErrandInstance[],
): { matched: ErrandInstance[]; unmatched: string[] } {
  // No filter: every instance, and the (empty) filters all "unmatched".
  if (filters.length === 0) return { matched: [...instances], unmatched: [] };
  if (instances.length === 0) return { matched: [], unmatched: [] };
  const matched = new Set<ErrandInstance>();
  const unmatched: string[] = [];
  for (const f of filters) {
    const first = f.id === 'first' ? firstUuid(f.group, instances) : undefined;
    const found = instances.filter((i) => matches(f, i, first));
    for (const i of found) matched.add(i);
    if (found.length === 0) unmatched.push(f.original);
  }
  return { matched: [...matched], unmatched };
}
