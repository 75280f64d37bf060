import type { YamlValue } from '../../base/yaml/value.js';
import type { Problems } from './problems.js';
import { bool, str } from './safe-property.js';
import type { AzUpdateStrategy, UpdateConfig, VmStrategy, WatchTime } from './types.js';

const VM_STRATEGIES: readonly VmStrategy[] = ['create-swap-delete', 'delete-create'];
const AZ_STRATEGIES: readonly AzUpdateStrategy[] = ['parallel', 'serial'];

/** `UpdateConfig#parse_watch_times`: `N` or `min-max` (ms). */
function watchTime(p: Problems, text: string | undefined): WatchTime | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(text) ?? /^\s*(\d+)\s*$/.exec(text);
  if (m === null) {
    p.add('UpdateConfigInvalidWatchTime', 'Watch time should be an integer or a range of two integers');
    return undefined;
  }
  const min = Number(m[1]);
  const max = Number(m[2] ?? m[1]);
  if (min > max) {
    p.add('UpdateConfigInvalidWatchTime', 'Min watch time cannot be greater than max watch time');
    return undefined;
  }
  return { min, max };
}

const isVmStrategy = (s: string): s is VmStrategy => (VM_STRATEGIES as readonly string[]).includes(s);
const isAzStrategy = (s: string): s is AzUpdateStrategy => (AZ_STRATEGIES as readonly string[]).includes(s);

/**
 * `UpdateConfig.new`: the deployment's `update` block (every timing key required), or an instance group's
 * (all optional, falling back to `parent`).
 */
export function parseUpdateConfig(
  p: Problems,
  spec: YamlValue,
  parent?: UpdateConfig,
): UpdateConfig | undefined {
  const optional = parent !== undefined;
  const canaries = str(p, spec, 'canaries', { optional });
  const maxInFlight = str(p, spec, 'max_in_flight', { optional });
  const canaryWatchTime = watchTime(p, str(p, spec, 'canary_watch_time', { optional }));
  const updateWatchTime = watchTime(p, str(p, spec, 'update_watch_time', { optional }));
  const vm = str(p, spec, 'vm_strategy', { optional: true }) ?? parent?.vmStrategy ?? 'delete-create';
  if (!isVmStrategy(vm)) {
    p.add(
      'ValidationInvalidValue',
      `Invalid vm_strategy '${vm}', valid strategies are: ${VM_STRATEGIES.join(', ')}`,
    );
  }
  const serial = bool(p, spec, 'serial', { optional: true }) ?? parent?.serial ?? true;
  const az =
    str(p, spec, 'initial_deploy_az_update_strategy', { optional: true }) ??
    parent?.initialDeployAzUpdateStrategy ??
    'serial';
  if (!isAzStrategy(az)) {
    p.add(
      'ValidationInvalidValue',
      `Invalid initial_deploy_az_update_strategy '${az}', valid strategies are: '${AZ_STRATEGIES.join(', ')}'`,
    );
  }
  const c = canaries ?? parent?.canaries;
  const m = maxInFlight ?? parent?.maxInFlight;
  const cw = canaryWatchTime ?? parent?.canaryWatchTime;
  const uw = updateWatchTime ?? parent?.updateWatchTime;
  if (c === undefined || m === undefined || cw === undefined || uw === undefined) return undefined;
  if (!isVmStrategy(vm) || !isAzStrategy(az)) return undefined;
  return {
    canaries: c,
    maxInFlight: m,
    canaryWatchTime: cw,
    updateWatchTime: uw,
    serial,
    vmStrategy: vm,
    initialDeployAzUpdateStrategy: az,
  };
}
