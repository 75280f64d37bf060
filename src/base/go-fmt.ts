import { formatGoFloat } from './yaml/go-float.js';
import { GoFloat, type YamlValue } from './yaml/value.js';

/** Go's `fmt.Sprintf("%v", v)` for decoded YAML values (maps print as `map[k:v ...]` with sorted keys). */
export function formatGoValue(v: YamlValue): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) && !Object.is(v, -0) ? v.toString() : formatFloat(v);
  if (v instanceof GoFloat) return formatFloat(v.value);
  if (Array.isArray(v)) return `[${v.map(formatGoValue).join(' ')}]`;
  const entries = [...v].map(([k, val]) => [formatGoValue(k), formatGoValue(val)] as const);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[${entries.map(([k, val]) => `${k}:${val}`).join(' ')}]`;
}

/** %v spells the specials as Go does, not as YAML does. */
function formatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  return formatGoFloat(f);
}
