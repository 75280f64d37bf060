/**
 * The order BOSH updates instances in (`InstanceGroupUpdater`, `BatchMultiInstanceGroupUpdater`):
 * - instance groups are cut into consecutive runs of equal `serial`; a `serial: true` run updates its groups one
 *   after another, a `serial: false` run updates all its groups at once;
 * - within a group, the changed instances are split by AZ in order of first appearance (unless this is the
 *   deployment's first deploy and `initial_deploy_az_update_strategy: parallel`, then all AZs together);
 * - the first AZ starts with the canaries, `canaries` computed against that AZ's changed instances, all of
 *   them finished before anything else starts; each AZ then updates with at most `max_in_flight` (computed
 *   against that AZ's changed instances, canaries included) at a time, and finishes before the next AZ.
 */
import { canariesFor, maxInFlightFor, type CountSetting } from './numbers.js';

export interface UpdateSettings {
  readonly canaries: CountSetting;
  readonly maxInFlight: CountSetting;
  /** Default true. */
  readonly serial?: boolean;
  /** Default 'serial'. */
  readonly initialDeployAzUpdateStrategy?: 'serial' | 'parallel';
}

export interface PlannedInstance {
  /** null/undefined: no AZ (those form one bucket of their own). */
  readonly az?: string | null | undefined;
}

export interface GroupToUpdate<T extends PlannedInstance> {
  readonly name: string;
  readonly update: UpdateSettings;
  /** The group's changed (not ignored) instance plans, in BOSH's order (needed instance plans order). */
  readonly instances: readonly T[];
}

/** One AZ's share of a group: a thread pool of `maxInFlight` that first runs `canaries`, then `rest`. */
export interface AzSegment<T> {
  readonly az: string | null;
  readonly maxInFlight: number;
  readonly canaries: readonly T[];
  readonly rest: readonly T[];
}

export interface GroupUpdatePlan<T> {
  readonly group: string;
  readonly segments: readonly AzSegment<T>[];
}

export interface UpdateStage<T> {
  /** true: all groups of the stage update at the same time. */
  readonly parallel: boolean;
  readonly groups: readonly GroupUpdatePlan<T>[];
}

export interface Batch<T> {
  readonly group: string;
  readonly az: string | null;
  readonly instances: readonly T[];
  readonly canary: boolean;
}

export interface PlanOptions {
  /** The deployment has no deployed manifest yet. */
  readonly initialDeploy?: boolean;
}

function splitByAz<T extends PlannedInstance>(instances: readonly T[]): [string | null, T[]][] {
  const buckets = new Map<string | null, T[]>();
  for (const i of instances) {
    const az = i.az ?? null;
    const bucket = buckets.get(az);
    if (bucket) bucket.push(i);
    else buckets.set(az, [i]);
  }
  return [...buckets.entries()];
}

function segment<T>(
  az: string | null,
  instances: readonly T[],
  update: UpdateSettings,
  withCanaries: boolean,
) {
  const size = instances.length;
  const count = withCanaries ? Math.max(0, canariesFor(update.canaries, size)) : 0; // negative: `n.times` does nothing
  return {
    az,
    maxInFlight: maxInFlightFor(update.maxInFlight, size),
    canaries: instances.slice(0, count),
    rest: instances.slice(count),
  };
}

/** The update of one instance group: its AZ segments in order; none when nothing changed. */
export function planGroupUpdate<T extends PlannedInstance>(
  group: GroupToUpdate<T>,
  options: PlanOptions = {},
): GroupUpdatePlan<T> {
  if (group.instances.length === 0) return { group: group.name, segments: [] };
  const azParallel =
    options.initialDeploy === true && group.update.initialDeployAzUpdateStrategy === 'parallel';
  const parts: [string | null, readonly T[]][] = azParallel
    ? [[null, group.instances]]
    : splitByAz(group.instances);
  return {
    group: group.name,
    segments: parts.map(([az, instances], i) => segment(az, instances, group.update, i === 0)),
  };
}

/** `BatchMultiInstanceGroupUpdater.partition_jobs_by_serial`: consecutive groups with equal `serial`. */
export function partitionBySerial<G extends { readonly update: UpdateSettings }>(
  groups: readonly G[],
): G[][] {
  const parts: G[][] = [];
  for (const g of groups) {
    const last = parts[parts.length - 1];
    const lastGroup = last?.[last.length - 1];
    if (last && lastGroup && (lastGroup.update.serial ?? true) === (g.update.serial ?? true)) last.push(g);
    else parts.push([g]);
  }
  return parts;
}

/** The whole deploy's update: stages in order, each serial or parallel. */
export function planDeploymentUpdate<T extends PlannedInstance>(
  groups: readonly GroupToUpdate<T>[],
  options: PlanOptions = {},
): UpdateStage<T>[] {
  return partitionBySerial(groups).map((part) => ({
    parallel: !(part[0]?.update.serial ?? true),
    groups: part.map((g) => planGroupUpdate(g, options)),
  }));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * A group plan as waves of at most `maxInFlight`. BOSH's pool is a sliding window (a new instance starts as soon
 * as any finishes), so waves are exact for equal durations; segment and canary boundaries are always exact.
 */
export function groupBatches<T>(plan: GroupUpdatePlan<T>): Batch<T>[] {
  return plan.segments.flatMap((s) => [
    ...chunks(s.canaries, s.maxInFlight).map((instances) => ({
      group: plan.group,
      az: s.az,
      instances,
      canary: true,
    })),
    ...chunks(s.rest, s.maxInFlight).map((instances) => ({
      group: plan.group,
      az: s.az,
      instances,
      canary: false,
    })),
  ]);
}

/** All batches of a deploy in order (groups of a parallel stage are listed in manifest order but run together). */
export const deploymentBatches = <T>(stages: readonly UpdateStage<T>[]): Batch<T>[] =>
  stages.flatMap((s) => s.groups.flatMap(groupBatches));

/** The event-log task name of an instance update: `group/uuid (index)`, with ` (canary)` for canaries. */
export const instanceTaskName = (instance: string, canary: boolean): string =>
  canary ? `${instance} (canary)` : instance;
