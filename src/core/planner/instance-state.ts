/**
 * The state the deploy wants for an instance: BOSH's `InstanceGroup#state_for_instance` (an instance's own override
 * by uuid or index, else the group's `state`, the `job_states` override replacing the manifest's) falling back on
 * the state the instance has (`InstanceRepository#fetch_existing`), so a stopped instance stays stopped on a plain
 * deploy. The override checks BOSH makes when it parses the groups and plans their instances live here too.
 */
import { BoshError } from '../errors.js';
import { invalidStateMessage, VALID_STATES } from '../manifest/instance-group-spec.js';
import type { DeploymentManifest, InstanceGroup } from '../manifest/types.js';
import type { CurrentInstance, GroupStates, InstanceState, PlanOptions, RequestedState } from './types.js';

const isRequested = (s: string): s is RequestedState => VALID_STATES.includes(s);

/** `job_states.fetch(name, job_states.fetch('*', {}))`: a named group's entry wins over `*`. */
function groupStates(options: PlanOptions, group: string): GroupStates {
  const all = options.jobStates ?? {};
  return all[group] ?? all['*'] ?? {};
}

/** The requested state of an existing instance (its stored state when nothing asks for another). */
export function requestedState(
  group: InstanceGroup,
  options: PlanOptions,
  instance: Pick<CurrentInstance, 'uuid' | 'index' | 'state'>,
): RequestedState {
  const o = groupStates(options, group.name);
  const byInstance = o.instanceStates ?? {};
  const wanted =
    byInstance[instance.uuid] ??
    byInstance[String(instance.index)] ??
    o.state ??
    group.state ??
    instance.state;
  // Invalid values were refused by checkJobStates (and the manifest parser) before planning.
  return isRequested(wanted) ? wanted : instance.state;
}

/** `Instance#state`: a restart or a recreate leaves the instance started. */
export const stateOf = (r: RequestedState): InstanceState =>
  r === 'restart' || r === 'recreate' ? 'started' : r;

/**
 * `InstanceGroupSpecParser#parse_state` / `#parse_instance_states` on the overridden groups: an unknown state fails
 * the deploy before anything is planned. Overrides of groups the manifest does not have are ignored, as in BOSH.
 */
export function checkJobStates(manifest: DeploymentManifest, options: PlanOptions): void {
  for (const g of manifest.instanceGroups) {
    const o = groupStates(options, g.name);
    if (o.state !== undefined && !isRequested(o.state))
      throw new BoshError('InstanceGroupInvalidState', invalidStateMessage(o.state, g.name));
    for (const [key, state] of Object.entries(o.instanceStates ?? {})) {
      if (!isRequested(state))
        throw new BoshError(
          'InstanceGroupInvalidInstanceState',
          invalidStateMessage(state, `${g.name}/${key}`),
        );
    }
  }
}

/**
 * `InstancePlanner#fail_if_specifically_changing_state_of_ignored_vms`: an ignored instance named (by index, as the
 * API names it) in the overrides refuses the deploy.
 */
export function checkIgnoredOverrides(
  group: InstanceGroup,
  options: PlanOptions,
  current: readonly CurrentInstance[],
): void {
  const byInstance = groupStates(options, group.name).instanceStates ?? {};
  const named = current.find((i) => i.ignore && byInstance[String(i.index)] !== undefined);
  if (named !== undefined)
    throw new BoshError(
      'JobInstanceIgnored',
      `You are trying to change the state of the ignored instance '${named.group}/${named.uuid}'. ` +
        'This operation is not allowed. You need to unignore it first.',
    );
}
