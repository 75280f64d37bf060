/**
 * `Errand::ErrandProvider#get` without the I/O: which instance groups an errand runs on and on which of their
 * instances, or BOSH's refusal. An errand is named by a job (every group with that job runs it, on each matching
 * instance) or by an instance group with `lifecycle: errand` (its first instance runs it on a VM made for it).
 */
import { BoshError } from '../errors.js';
import { matchInstances, type ErrandInstance, type InstanceFilter } from './match.js';

export interface ErrandGroup {
  readonly name: string;
  readonly lifecycle: 'service' | 'errand';
  readonly jobs: readonly string[];
  /** The group's desired instances, by index. */
  readonly instances: readonly ErrandInstance[];
}

export interface ErrandStep {
  readonly group: string;
  /** A lifecycle errand group's step: its VM is created for the run (and deleted after unless kept alive). */
  readonly lifecycle: 'service' | 'errand';
  readonly instance: ErrandInstance;
}

export interface ErrandSelection {
  /** Named by a job: the agent runs that job's `bin/run`; otherwise the group's first job's. */
  readonly isJobName: boolean;
  readonly steps: readonly ErrandStep[];
  readonly warnings: readonly string[];
}

export const AMBIGUOUS_WARNING = (name: string): string =>
  `Ambiguous request: the requested errand name '${name}' matches both a job name and an errand instance group ` +
  `name. Executing errand on all relevant instances with job '${name}'.`;

export const PARALLEL_WARNING =
  'Executing errand on multiple instances in parallel. Use the `--instance` flag to run the errand on a single instance.';

/** `must_errand_instance_group`: the group an errand names, which must be an errand with instances. */
function errandGroup(groups: readonly ErrandGroup[], name: string, deployment: string): ErrandGroup {
  const group = groups.find((g) => g.name === name);
  if (group === undefined) throw new BoshError('JobNotFound', `Errand '${name}' doesn't exist`);
  if (group.lifecycle !== 'errand')
    throw new BoshError(
      'RunErrandError',
      `Instance group '${group.name}' is not an errand. To mark an instance group as an errand set its lifecycle ` +
        "to 'errand' in the deployment manifest.",
    );
  if (group.instances.length === 0)
    throw new BoshError('InstanceNotFound', `Instance '${deployment}/${name}/0' doesn't exist`);
  return group;
}

/**
 * BOSH refuses to run an errand while an instance it matches is stopped (the operator may have stopped it for a
 * reason); checked on the deployment's instances before anything else.
 */
export function refuseStopped(
  filters: readonly InstanceFilter[],
  instances: readonly ErrandInstance[],
): void {
  const { matched } = matchInstances(filters, instances);
  const stopped = matched.filter((i) => i.state === 'stopped').map((i) => `'${i.group}/${i.uuid}'`);
  if (stopped.length > 0)
    throw new BoshError(
      'RunErrandError',
      `Instance(s) ${stopped.join(',')} is stopped, unable to run errand. Maybe start vm?`,
    );
}

export function selectErrand(
  deployment: string,
  groups: readonly ErrandGroup[],
  name: string,
  filters: readonly InstanceFilter[],
): ErrandSelection {
  const all = groups.flatMap((g) => g.instances);
  const { matched, unmatched } = matchInstances(filters, all);
  const warnings: string[] = [];
  let chosen = groups.filter((g) => g.jobs.includes(name));
  const isJobName = chosen.length > 0;
  if (!isJobName) {
    chosen = [errandGroup(groups, name, deployment)];
    if (filters.length > 0)
      throw new BoshError(
        'RunErrandError',
        'Filtering by instances is not supported when running errand by instance group name',
      );
  } else if (groups.some((g) => g.name === name)) warnings.push(AMBIGUOUS_WARNING(name));
  const wanted = new Set(matched.map((i) => i.uuid));
  const steps: ErrandStep[] = [];
  for (const g of chosen) {
    const matching = g.instances.filter((i) => wanted.has(i.uuid));
    if (matching.length > 1) warnings.push(PARALLEL_WARNING);
    if (g.lifecycle === 'errand') {
      // Only the group's first instance runs a lifecycle errand.
      const first = g.instances[0];
      if (first !== undefined && wanted.has(first.uuid))
        steps.push({ group: g.name, lifecycle: 'errand', instance: first });
    } else {
      for (const instance of matching) steps.push({ group: g.name, lifecycle: 'service', instance });
    }
  }
  if (unmatched.length > 0)
    throw new BoshError('DirectorError', `No instances match selection criteria: [${unmatched.join(', ')}]`);
  return { isJobName, steps, warnings };
}
