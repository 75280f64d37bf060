/**
 * `planDeployment`: the whole deploy as plain data — per instance group the instances to keep, update, recreate,
 * create and delete, their IPs, and the ordered update batches. Pure: ids and time come in as arguments; a dry
 * run returns the very same plan (flagged), and the orchestrator simply does not execute it.
 */
import { BoshError } from '../errors.js';
import type { InstanceGroup } from '../manifest/types.js';
import { parseIp, withPrefix } from '../network/ip.js';
import type { IpReservation } from '../network/allocate.js';
import { deploymentBatches, planDeploymentUpdate, type GroupToUpdate } from '../update/plan.js';
import { desiredGroup } from './desired.js';
import { obsoletePlan, planGroup } from './plan-group.js';
import type {
  CurrentInstance,
  DeploymentPlan,
  GroupPlan,
  InstancePlan,
  PlanInput,
  PlanOptions,
} from './types.js';

export const IGNORED_WARNING = 'You have ignored instances. They will not be changed.';

function currentReservations(deployment: string, instances: readonly CurrentInstance[]): IpReservation[] {
  return instances.flatMap((i) =>
    i.ips.map((c) => ({
      ip: withPrefix(parseIp(c.ip), 32),
      network: c.network,
      static: c.static,
      owner: { id: i.uuid, name: `${i.group}/${i.uuid}`, deployment },
    })),
  );
}

function obsoleteGroupPlans(input: PlanInput, options: PlanOptions): InstancePlan[] {
  const { manifest } = input.desired;
  const known = new Set([
    ...manifest.instanceGroups.map((g) => g.name),
    ...manifest.instanceGroups.flatMap((g) => g.migratedFrom.map((m) => m.name)),
  ]);
  const obsolete = input.current.instances.filter((i) => !known.has(i.group));
  const ignored = obsolete.find((i) => i.ignore);
  if (ignored)
    throw new BoshError(
      'DeploymentIgnoredInstancesDeletion',
      `You are trying to delete instance group '${ignored.group}', which contains ignored instance(s). ` +
        'Operation not allowed.',
    );
  return obsolete.map((i) => obsoletePlan(i, options));
}

/** A group's update settings with `--canaries` / `--max-in-flight` applied. */
export function groupUpdateSettings(group: InstanceGroup, options: PlanOptions = {}) {
  const u = group.update;
  return {
    canaries: options.canaries ?? u.canaries,
    maxInFlight: options.maxInFlight ?? u.maxInFlight,
    serial: u.serial,
    initialDeployAzUpdateStrategy: u.initialDeployAzUpdateStrategy,
  };
}

const CHANGING: readonly InstancePlan['action'][] = ['create', 'update', 'recreate'];

export function planDeployment(input: PlanInput): DeploymentPlan {
  const options = input.options ?? {};
  const { manifest, cloudConfig } = input.desired;
  const deployment = manifest.name;
  let reservations: IpReservation[] = [
    ...(input.desired.foreignReservations ?? []),
    ...currentReservations(deployment, input.current.instances),
  ];
  const groups: GroupPlan[] = [];
  const toUpdate: GroupToUpdate<InstancePlan>[] = [];
  for (const group of manifest.instanceGroups) {
    const current = input.current.instances.filter((i) => i.group === group.name);
    const ctx = {
      deployment,
      group,
      desired: desiredGroup(group, input.desired),
      networks: cloudConfig.networks,
      current,
      newId: input.newId,
      options,
    };
    const result = planGroup(ctx, reservations);
    reservations = result.reservations;
    groups.push(result.plan);
    if (group.lifecycle === 'service') {
      const instances = result.plan.instances.filter((p) => CHANGING.includes(p.action));
      toUpdate.push({ name: group.name, update: groupUpdateSettings(group, options), instances });
    }
  }
  const obsoleteGroups = obsoleteGroupPlans(input, options);
  const gone = new Set([...groups.flatMap((g) => g.obsolete), ...obsoleteGroups].map((p) => p.uuid));
  reservations = reservations.filter(
    (r) => r.owner === null || !gone.has(r.owner.id) || r.owner.deployment !== deployment,
  );
  const stages = planDeploymentUpdate(toUpdate, { initialDeploy: !input.current.deployed });
  const ignored = input.current.instances.some((i) => i.ignore);
  return {
    deployment,
    createdAt: input.now,
    dryRun: options.dryRun === true,
    groups,
    obsoleteGroups,
    warnings: ignored ? [IGNORED_WARNING] : [],
    stages,
    batches: deploymentBatches(stages),
    reservations,
  };
}
