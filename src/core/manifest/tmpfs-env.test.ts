import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../base/yaml/parse.js';
import { isMap, type YamlMap } from '../../base/yaml/value.js';
import { withTmpfsConfig } from './tmpfs-env.js';

const map = (text: string): YamlMap => {
  const v = parseYaml(text);
  if (!isMap(v)) throw new Error('not a map');
  return v;
};

describe('features.use_tmpfs_config in a group env', () => {
  it('sets bosh.job_dir.tmpfs and bosh.agent.settings.tmpfs unless the env sets them; unset: env as written', () => {
    expect(withTmpfsConfig(map('{}'), true)).toEqual(
      map('{bosh: {job_dir: {tmpfs: true}, agent: {settings: {tmpfs: true}}}}'),
    );
    const env = map('{bosh: {password: p, job_dir: {tmpfs: false, tmpfs_size: 10m}}, x: 1}');
    expect(withTmpfsConfig(env, true)).toEqual(
      map(
        '{bosh: {password: p, job_dir: {tmpfs: false, tmpfs_size: 10m}, agent: {settings: {tmpfs: true}}}, x: 1}',
      ),
    );
    expect(env).toEqual(map('{bosh: {password: p, job_dir: {tmpfs: false, tmpfs_size: 10m}}, x: 1}'));
    expect(withTmpfsConfig(env, null)).toBe(env);
  });
});
