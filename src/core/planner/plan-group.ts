/** The instance plans of one instance group: placement, indexes, bootstrap, IPs and changes. */
import type { InstanceGroup, Network } from '../manifest/types.js';
import type { IpReservation } from '../network/allocate.js';
import { detectChanges, needsRecreate } from './changes.js';
import type { DesiredGroup } from './desired.js';
import { checkIgnoredOverrides, requestedState, stateOf } from './instance-state.js';
import { planGroupIps, type IpSubject } from './networks.js';
import { sortInstancePlans } from './order.js';
import { electBootstrap, lowestFreeIndex, placeInstances } from './placement.js';
import type { CurrentInstance, GroupPlan, InstancePlan, PlanOptions, PlannedIp } from './types.js';

export const instanceName = (group: string, uuid: string, index: number): string =>
  `${group}/${uuid} (${index})`;

export interface GroupContext {
  readonly deployment: string;
  readonly group: InstanceGroup;
  readonly desired: DesiredGroup;
  readonly networks: readonly Network[];
  readonly current: readonly CurrentInstance[];
  readonly newId: () => string;
  readonly options: PlanOptions;
}

/** `SkipDrain#for_job`: `skip_drain=*` skips every group's drain, a list only those groups'. */
const skipsDrain = (options: PlanOptions, group: string): boolean =>
  options.skipDrain === true || (options.skipDrainGroups ?? []).includes(group);

/** An existing instance the deployment no longer needs. */
export function obsoletePlan(i: CurrentInstance, options: PlanOptions): InstancePlan {
  return {
    group: i.group,
    uuid: i.uuid,
    index: i.index,
    az: i.az,
    bootstrap: i.bootstrap,
    name: instanceName(i.group, i.uuid, i.index),
    action: 'delete',
    state: i.state,
    changes: [],
    reasons: ['instance is no longer needed'],
    needsShuttingDown: true,
    needsRecreate: false,
    skipDrain: skipsDrain(options, i.group),
    ips: [],
    vmCid: i.vm?.cid ?? null,
  };
}

interface Slot {
  readonly uuid: string;
  readonly index: number;
  readonly az: string | null;
  readonly existing: CurrentInstance | undefined;
}

function plan(ctx: GroupContext, slot: Slot, bootstrap: boolean, ips: readonly PlannedIp[]): InstancePlan {
  const { group, options } = ctx;
  const name = instanceName(group.name, slot.uuid, slot.index);
  const base = { group: group.name, uuid: slot.uuid, index: slot.index, az: slot.az, bootstrap, name, ips };
  const skipDrain = skipsDrain(options, group.name);
  const e = slot.existing;
  if (!e) {
    // `InstanceRepository#create`: a new instance starts, whatever the group's state (a later deploy applies it).
    const common = { ...base, state: 'started' as const, changes: [], skipDrain, vmCid: null };
    return {
      ...common,
      action: 'create',
      reasons: ['new instance'],
      needsShuttingDown: false,
      needsRecreate: false,
    };
  }
  if (e.ignore) {
    const common = { ...base, state: e.state, changes: [], skipDrain, vmCid: e.vm?.cid ?? null };
    return {
      ...common,
      action: 'ignore',
      reasons: ['instance is ignored'],
      needsShuttingDown: false,
      needsRecreate: false,
    };
  }
  const requested = requestedState(group, options, e);
  const state = stateOf(requested);
  const { changes, reasons } = detectChanges(e, ctx.desired, ips, requested, options);
  const recreate = e.vm !== null && needsRecreate(changes);
  const action = changes.length === 0 ? 'keep' : recreate ? 'recreate' : 'update';
  return {
    ...base,
    state,
    action,
    changes,
    reasons,
    needsShuttingDown: recreate,
    needsRecreate: recreate,
    skipDrain,
    vmCid: e.vm?.cid ?? null,
  };
}

export function planGroup(
  ctx: GroupContext,
  reservations: readonly IpReservation[],
): { plan: GroupPlan; reservations: IpReservation[] } {
  const { group, current } = ctx;
  checkIgnoredOverrides(group, ctx.options, current);
  const placeable = current.map((i) => ({ ...i, hasDisk: i.disks.length > 0 }));
  const placement = placeInstances(group.name, group.instances, group.azs, placeable);
  const used = new Set(current.map((i) => i.index));
  const slots: Slot[] = placement.existing.map((e) => ({
    uuid: e.uuid,
    index: e.index,
    az: e.az,
    existing: e,
  }));
  for (const az of placement.fresh) {
    const index = lowestFreeIndex(used);
    used.add(index);
    slots.push({ uuid: ctx.newId(), index, az, existing: undefined });
  }
  const bootstrapIndex = electBootstrap(
    slots.map((s) => ({ index: s.index, bootstrap: s.existing?.bootstrap ?? false })),
  );
  const obsoleteIds = new Set(placement.obsolete.map((o) => o.uuid));
  const usable = reservations.filter((r) => !(r.static && r.owner !== null && obsoleteIds.has(r.owner.id)));
  const subjects: IpSubject[] = slots.map((s) => ({
    uuid: s.uuid,
    index: s.index,
    az: s.az,
    ignore: s.existing?.ignore ?? false,
    ips: s.existing?.ips ?? [],
  }));
  const planned = planGroupIps(ctx.deployment, group, ctx.networks, subjects, usable);
  const instances = slots.map((s) => plan(ctx, s, s.index === bootstrapIndex, planned.ips.get(s.uuid) ?? []));
  const obsolete = [...placement.obsolete]
    .sort((a, b) => a.index - b.index)
    .map((o) => obsoletePlan(o, ctx.options));
  return {
    plan: { name: group.name, instances: sortInstancePlans(instances), obsolete },
    reservations: planned.reservations,
  };
}
