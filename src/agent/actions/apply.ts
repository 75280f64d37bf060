import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { wrapError } from '../../base/errors.js';
import { goObject, type AgentValue, type ApplySpec } from '../../protocol/agent.js';
import { asyncAction, decodeArg, methodArgs, type AgentAction } from '../dispatch/action.js';
import { isDhcp, type AgentSettings } from '../settings/settings.js';
import type { AgentContext } from './context.js';
import { applySpecArg } from './prepare.js';

/**
 * `apply [spec]` (task) → `"applied"`: resolves dynamic networks from the settings, installs and enables jobs and
 * packages when the spec has a configuration_hash (an empty one only stores the spec), persists the spec to
 * `bosh/spec.json` and writes `instance/{id,az,name,deployment}`.
 */
export const apply = (ctx: Pick<AgentContext, 'applier' | 'specs' | 'settings' | 'dirs'>): AgentAction =>
  asyncAction(async (args) => {
    const desired = decodeArg(methodArgs(args, 1)[0], applySpecArg);
    let resolved: ApplySpec;
    try {
      resolved = populateDhcpNetworks(desired, ctx.settings.settings);
    } catch (e) {
      throw wrapError(e, 'Resolving dynamic networks');
    }
    if (desired.configuration_hash !== '') {
      await ctx.applier.apply(resolved).catch((e: unknown) => {
        throw wrapError(e, 'Applying');
      });
    }
    await ctx.specs.set(resolved).catch((e: unknown) => {
      throw wrapError(e, 'Persisting apply spec');
    });
    const dir = ctx.dirs.instance;
    await mkdir(dir, { recursive: true });
    const fields: [string, string][] = [
      ['id', resolved.id],
      ['az', resolved.az],
      ['name', resolved.name],
      ['deployment', resolved.deployment],
    ];
    for (const [name, value] of fields) {
      await writeFile(join(dir, name), value);
      await chmod(join(dir, name), 0o644);
    }
    await chmod(dir, 0o755);
    return 'applied';
  });

/** `PopulateDHCPNetworks`: every spec network must be in the settings; DHCP ones take ip/netmask/gateway from there. */
export function populateDhcpNetworks(spec: ApplySpec, settings: AgentSettings): ApplySpec {
  if (spec.networks === null) return spec;
  const networks: Record<string, Readonly<Record<string, AgentValue>>> = {};
  for (const [name, fields] of Object.entries(spec.networks)) {
    networks[name] = fields;
    if (name === 'local' && fields['ip'] === '127.0.0.1') continue;
    const network = settings.networks[name];
    if (!network) throw new Error(`Network '${name}' is not found in settings`);
    if (!isDhcp(network)) continue;
    networks[name] = goObject({
      ...fields,
      ip: network.ip,
      netmask: network.netmask,
      gateway: network.gateway,
    });
  }
  return { ...spec, networks };
}
