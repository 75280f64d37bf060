import { isMap, type YamlKey, type YamlMap, type YamlValue } from '../../base/yaml/value.js';

/**
 * `InstanceGroupSpecParser#update_tmpfs_properties`: with `features.use_tmpfs_config` set (true or false), a
 * group's env gets `bosh.job_dir.tmpfs` and `bosh.agent.settings.tmpfs` with that value unless it sets them itself,
 * so the agent keeps rendered templates (secrets included) and its settings off the disk. Unset: env as written.
 */
export function withTmpfsConfig(env: YamlMap, useTmpfsConfig: boolean | null | undefined): YamlMap {
  if (useTmpfsConfig === null || useTmpfsConfig === undefined) return env;
  const bosh = child(env, 'bosh');
  const jobDir = child(bosh, 'job_dir');
  if (!jobDir.has('tmpfs')) jobDir.set('tmpfs', useTmpfsConfig);
  bosh.set('job_dir', jobDir);
  const agent = child(bosh, 'agent');
  const settings = child(agent, 'settings');
  if (!settings.has('tmpfs')) settings.set('tmpfs', useTmpfsConfig);
  agent.set('settings', settings);
  bosh.set('agent', agent);
  const out = new Map(env);
  out.set('bosh', bosh);
  return out;
}

/** A copy of the hash at `key` (a new one when absent or nil), so the parsed manifest stays as written. */
function child(parent: YamlMap, key: string): YamlMap {
  const v = parent.get(key);
  return v !== undefined && isMap(v) ? new Map(v) : new Map<YamlKey, YamlValue>();
}
