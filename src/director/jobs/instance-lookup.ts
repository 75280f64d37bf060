/**
 * bosh-director's `Api::InstanceLookup` over a deployment snapshot, for `bosh logs` and `bosh ssh`: instances by
 * group and index, or by a Sequel-style filter, failing with BOSH's `InstanceNotFound` texts. A filter prints as
 * Ruby (3.4+) inspects a symbol-keyed Hash: `{job: "web", index: [0], deployment_id: 1}`.
 */
import { rubyInspect } from '../../base/ruby-inspect.js';
import type { YamlValue } from '../../base/yaml/value.js';
import { BoshError } from '../../core/errors.js';
import { instanceName } from '../../core/planner/index.js';
import type { DeploymentState, InstanceSnapshot } from '../../ports/director-store.js';

/** A filter value: one value (equality) or a list (`IN`). */
export type FilterValue = string | number | readonly (string | number)[];

/** The filter's keys in insertion order, as Ruby keeps them (the order shows in messages). */
export type InstanceFilter = ReadonlyArray<readonly ['job' | 'uuid' | 'index', FilterValue]>;

/** `Hash#inspect` of a symbol-keyed hash, Ruby 3.4 style. */
export function inspectSymbolHash(entries: ReadonlyArray<readonly [string, FilterValue]>): string {
  if (entries.length === 0) return '{}';
  const value = (v: FilterValue): YamlValue => (typeof v === 'object' ? [...v] : v);
  return `{${entries.map(([k, v]) => `${k}: ${rubyInspect(value(v))}`).join(', ')}}`;
}

const field = (i: InstanceSnapshot, key: 'job' | 'uuid' | 'index'): string | number =>
  key === 'job' ? i.job : key === 'uuid' ? i.uuid : i.index;

/** Sequel compares the integer `index` column with a string by casting it (`"0"` selects index 0). */
function same(key: 'job' | 'uuid' | 'index', wanted: string | number, actual: string | number): boolean {
  return key === 'index' && typeof wanted === 'string'
    ? isIndex(wanted) && Number(wanted) === actual
    : wanted === actual;
}

function matches(i: InstanceSnapshot, filter: InstanceFilter): boolean {
  return filter.every(([key, wanted]) => {
    const actual = field(i, key);
    return typeof wanted === 'object' ? wanted.some((w) => same(key, w, actual)) : same(key, wanted, actual);
  });
}

/** `by_filter(filter.merge(deployment_id: id))`: every match, or InstanceNotFound naming the whole filter. */
export function instancesMatching(state: DeploymentState, filter: InstanceFilter): InstanceSnapshot[] {
  const found = state.instances.filter((i) => matches(i, filter));
  if (found.length === 0) {
    const shown = inspectSymbolHash([...filter, ['deployment_id', state.id]]);
    throw new BoshError('InstanceNotFound', `No instances matched ${shown}`);
  }
  return found;
}

const notFound = (state: DeploymentState, job: string | null, indexOrId: string): BoshError =>
  new BoshError('InstanceNotFound', `'${state.name}/${job ?? ''}/${indexOrId}' doesn't exist`);

/** `by_attributes(deployment, job, index)`: the index as the URL gave it (Sequel casts it to an integer). */
export function instanceByIndex(state: DeploymentState, job: string | null, index: string): InstanceSnapshot {
  const found = state.instances.find((i) => i.job === job && i.index === Number(index));
  if (found === undefined) throw notFound(state, job, index);
  return found;
}

/** `InstanceManager#find_by_name`: by index when it is all digits, else by uuid. */
export function findInstance(state: DeploymentState, job: string, indexOrId: string): InstanceSnapshot {
  if (isIndex(indexOrId)) return instanceByIndex(state, job, indexOrId);
  const found = state.instances.find((i) => i.job === job && i.uuid === indexOrId);
  if (found === undefined) throw notFound(state, job, indexOrId);
  return found;
}

/** `InstanceLookup#by_id`, within the deployment the task was queued for. */
export function instanceById(state: DeploymentState | undefined, id: number): InstanceSnapshot {
  const found = state?.instances.find((i) => i.id === id);
  if (found === undefined) throw new BoshError('InstanceNotFound', `Instance ${String(id)} doesn't exist`);
  return found;
}

/** `Models::Instance#to_s`. */
export const instanceText = (i: InstanceSnapshot): string => instanceName(i.job, i.uuid, i.index);

/** Ruby's `=~ /^\d+$/` test of an index-or-id. */
export function isIndex(s: string): boolean {
  return /^\d+$/.test(s);
}

/** A decoded JSON value as Ruby sees it (objects are Hashes), for `to_s`/`inspect` in texts. */
export function jsonAsRuby(v: unknown): YamlValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(jsonAsRuby);
  if (typeof v === 'object') return new Map(Object.entries(v).map(([k, x]) => [k, jsonAsRuby(x)]));
  return null;
}
