import { rubyToS } from '../../base/ruby-inspect.js';
import { GoFloat, type YamlValue } from '../../base/yaml/value.js';

/**
 * Ruby director value helpers for release/stemcell jobs: identifier syntax, the JSON it stores for YAML documents
 * and hash lookups (`inspect`/`to_s` are in base/ruby-inspect).
 */

/** `Models::VALID_ID`: names and versions of releases, packages and jobs. */
export const VALID_ID = /^[-0-9A-Za-z_+.]+$/;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The JSON Ruby's `JSON.generate` writes for a decoded YAML document (keys become strings). */
export function yamlToJson(v: YamlValue): Json {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof GoFloat) return v.value;
  if (Array.isArray(v)) return v.map(yamlToJson);
  const out: { [key: string]: Json } = {};
  for (const [k, item] of v) out[rubyToS(k)] = yamlToJson(item);
  return out;
}

/** A string-keyed entry of a decoded YAML map (Ruby's `hash['key']`). */
export function entry(map: YamlValue | undefined, key: string): YamlValue | undefined {
  return map instanceof Map ? map.get(key) : undefined;
}
