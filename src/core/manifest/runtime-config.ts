import type { YamlValue } from '../../base/yaml/value.js';
import { parseAddons } from './addons.js';
import { Problems } from './problems.js';
import { parseReleases, parseVariables } from './releases-variables.js';
import { get, hash } from './safe-property.js';
import type { Parsed, RuntimeConfig } from './types.js';

const EMPTY = new Map<never, never>();

/** `RuntimeManifestParser#parse` plus its releases' `latest` check. */
export function parseRuntimeConfig(config: YamlValue): Parsed<RuntimeConfig> {
  const p = new Problems();
  const releases = parseReleases(p, config, true);
  for (const r of releases) {
    if (/(^|[._])latest$/.test(r.version)) {
      p.add(
        'RuntimeInvalidReleaseVersion',
        `Runtime manifest contains the release '${r.name}' with version as '${r.version}'. Please specify the actual version string.`,
      );
    }
  }
  const addons = parseAddons(p, config, releases, 'runtime');
  const variables = parseVariables(p, get(config, 'variables'));
  const tags = hash(p, config, 'tags', { optional: true }) ?? EMPTY;
  p.check();
  return { value: { releases, addons, variables, tags }, warnings: p.warnings };
}
