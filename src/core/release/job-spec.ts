import { WrappedError } from '../../base/errors.js';
import { parseYaml } from '../../base/yaml/parse.js';
import type { YamlValue } from '../../base/yaml/value.js';
import { goMap, goStruct } from './go-yaml-composite.js';
import { goAny, goSlice, goString, unmarshal } from './go-yaml-struct.js';

/** A job's `spec` as bosh-cli decodes it (release/job/manifest.Manifest), plus the raw document. */
export interface JobSpec {
  readonly name: string;
  /** Template source (relative to `templates/`) → destination; Go map, so order carries no meaning. */
  readonly templates: ReadonlyMap<string, string>;
  /** In spec order: the release manifest lists them this way. */
  readonly packages: readonly string[];
  readonly properties: ReadonlyMap<string, PropertyDefinition>;
  /**
   * The whole document decoded generically. bosh-cli ignores `consumes`, `provides`, `description` etc.
   * (they matter only through the spec's bytes in the fingerprint); the director reads them from here.
   */
  readonly raw: YamlValue;
}

export interface PropertyDefinition {
  readonly description: string;
  readonly default: YamlValue;
}

const propertyCodec = goStruct('manifest.PropertyDefinition', { description: goString, default: goAny });

const jobSpecCodec = goStruct('manifest.Manifest', {
  name: goString,
  templates: goMap(goString),
  packages: goSlice(goString),
  properties: goMap(propertyCodec),
});

/** Decodes a job spec; errors read `Unmarshalling job spec '<path>'` over go-yaml's message. */
export function parseJobSpec(text: string, path: string): JobSpec {
  try {
    const m = unmarshal(text, jobSpecCodec);
    const properties = new Map<string, PropertyDefinition>();
    for (const [name, def] of m.properties) properties.set(name, def);
    return { name: m.name, templates: m.templates, packages: m.packages, properties, raw: parseYaml(text) };
  } catch (e) {
    throw new WrappedError(`Unmarshalling job spec '${path}'`, e as Error);
  }
}

/** The `consumes` or `provides` list of a job spec, as the raw YAML value (undefined when absent). */
export function jobSpecLinks(spec: JobSpec, key: 'consumes' | 'provides'): YamlValue | undefined {
  return spec.raw instanceof Map && spec.raw.has(key) ? spec.raw.get(key) : undefined;
}
