/**
 * `InstancePlan#changes` for an existing instance, with a human-readable reason per change, and the two
 * consequences BOSH derives from them (`needs_shutting_down?`, VM recreation).
 */
import { canonical, canonicalRecord, sameMap, sameTags, type DesiredGroup } from './desired.js';
import { stateOf } from './instance-state.js';
import type { Change, CurrentInstance, PlanOptions, PlannedIp, RequestedState } from './types.js';

export interface Detected {
  readonly changes: Change[];
  readonly reasons: string[];
}

const stemcellText = (s: { name: string; version: string }): string => `${s.name}/${s.version}`;
const ipsText = (ips: readonly { network: string; ip: string }[]): string =>
  ips
    .map((i) => `${i.network}:${i.ip}`)
    .sort()
    .join(', ') || 'none';

function diskChange(instance: CurrentInstance, desired: DesiredGroup): string | undefined {
  const have = [...instance.disks].sort((a, b) => (a.name < b.name ? -1 : 1));
  const want = [...desired.disks].sort((a, b) => (a.name < b.name ? -1 : 1));
  const text = (ds: readonly { name: string; size: number }[]): string =>
    ds.map((d) => `${d.name || 'default'} ${d.size}MB`).join(', ') || 'none';
  const same =
    have.length === want.length &&
    have.every((h, i) => {
      const w = want[i];
      return (
        w !== undefined &&
        w.name === h.name &&
        w.size === h.size &&
        sameMap(w.cloudProperties, h.cloudProperties)
      );
    });
  return same ? undefined : `persistent disk changed from ${text(have)} to ${text(want)}`;
}

export function detectChanges(
  instance: CurrentInstance,
  desired: DesiredGroup,
  ips: readonly PlannedIp[],
  requested: RequestedState,
  options: PlanOptions,
): Detected {
  const state = stateOf(requested);
  const changes: Change[] = [];
  const reasons: string[] = [];
  const add = (change: Change, reason: string): void => {
    changes.push(change);
    reasons.push(reason);
  };
  const { vm, applied } = instance;
  if (instance.dirty === true) add('dirty', 'the previous update of this instance did not complete');
  const unresponsive = options.fix === true && vm?.unresponsive === true;
  if (requested === 'restart') add('restart', 'restart requested');
  if (options.recreate === true) add('recreate', 'recreation requested (--recreate)');
  else if (requested === 'recreate') add('recreate', 'recreation requested');
  else if (unresponsive) add('recreate', 'the agent is unresponsive (--fix)');
  if (options.recreatePersistentDisks === true)
    add('recreate_persistent_disks', 'persistent disk recreation requested (--recreate-persistent-disks)');
  if (vm) {
    const cloudProperties = desired.cloudProperties(instance.az);
    if (!sameMap(vm.cloudProperties, cloudProperties))
      add(
        'cloud_properties',
        `cloud properties changed from ${canonical(vm.cloudProperties)} to ${canonical(cloudProperties)}`,
      );
    const s = desired.stemcell;
    if (vm.stemcell.name !== s.name || vm.stemcell.version !== s.version)
      add('stemcell', `stemcell changed from ${stemcellText(vm.stemcell)} to ${stemcellText(s)}`);
    if (!sameMap(vm.env, desired.env))
      add('env', `env changed from ${canonical(vm.env)} to ${canonical(desired.env)}`);
  }
  const current = instance.ips.map((i) => ({ network: i.network, ip: i.ip }));
  if (ipsText(current) !== ipsText(ips))
    add('network', `network settings changed from ${ipsText(current)} to ${ipsText(ips)}`);
  if (
    desired.packages !== undefined &&
    canonicalRecord(applied?.packages ?? {}) !== canonicalRecord(desired.packages)
  )
    add('packages', 'packages changed');
  const disk =
    options.recreatePersistentDisks === true
      ? 'persistent disk recreation requested'
      : diskChange(instance, desired);
  if (disk !== undefined) add('persistent_disk', disk);
  const config =
    desired.configurationHash !== undefined
      ? applied?.configurationHash !== desired.configurationHash
      : applied?.properties !== desired.properties;
  if (config) add('configuration', 'job configuration (properties or templates) changed');
  if (canonicalRecord(applied?.jobs ?? {}) !== canonicalRecord(desired.jobs))
    add(
      'job',
      `jobs changed from ${canonicalRecord(applied?.jobs ?? {})} to ${canonicalRecord(desired.jobs)}`,
    );
  if (unresponsive) add('state', 'the agent is unresponsive');
  else if (state !== instance.state) add('state', `state changes from '${instance.state}' to '${state}'`);
  else if (vm === null && state === 'started') add('state', 'the instance has no VM');
  if (!sameTags(applied?.tags ?? {}, desired.tags)) add('tags', 'tags changed');
  return { changes, reasons };
}

const NON_NETWORK_RECREATE: readonly Change[] = ['recreate', 'cloud_properties', 'stemcell', 'env'];

/** `recreate_for_non_network_reasons? || networks_changed?` — the VM is replaced. */
export const needsRecreate = (changes: readonly Change[]): boolean =>
  changes.some((c) => NON_NETWORK_RECREATE.includes(c) || c === 'network');
