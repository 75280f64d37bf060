import { GoFloat, type YamlValue } from '../../base/yaml/value.js';

/** A parsed YAML value as plain JSON-like data (string keys, numbers), for decoding configuration files. */
export function plainYaml(value: YamlValue): unknown {
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) out[k instanceof GoFloat ? String(k.value) : String(k)] = plainYaml(v);
    return out;
  }
  if (Array.isArray(value)) return value.map(plainYaml);
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof GoFloat) return value.value;
  return value;
}
