import { GoFloat, type YamlValue } from '../../base/yaml/value.js';

/**
 * How the Ruby director prints decoded YAML values in its messages: `to_s` (`hash_string_vals`) and `inspect`
 * (Ruby 3.4+ style: `{"name" => "x", "version" => 5}`), and the JSON it stores for YAML documents.
 */

/** `Models::VALID_ID`: names and versions of releases, packages and jobs. */
export const VALID_ID = /^[-0-9A-Za-z_+.]+$/;

/** Ruby's `Float#to_s`: integral floats keep `.0`, big/small ones use `e+NN` exponents. */
function rubyFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(f);
  if (abs !== 0 && (abs >= 1e16 || abs < 1e-4)) {
    const [mantissa = '', exponent = '0'] = f.toExponential().split('e');
    const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
    const exp = Number(exponent);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const s = String(f);
  return Number.isInteger(f) ? `${s === '-0' ? '-0' : s}.0` : s;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
  '\f': '\\f',
  '\v': '\\v',
  '\b': '\\b',
  '\x07': '\\a',
  '\x1b': '\\e',
};

/** `String#inspect`. */
export function rubyInspectString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    const escaped = ESCAPES[c];
    if (c === '#' && '{$@'.includes(s.charAt(i + 1))) out += '\\#';
    else if (escaped !== undefined) out += escaped;
    else if (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) {
      out += `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
    } else out += c;
  }
  return `"${out}"`;
}

/** `inspect` of a decoded YAML value. */
export function rubyInspect(v: YamlValue | undefined): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return rubyInspectString(v);
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'number') return Number.isInteger(v) && !Object.is(v, -0) ? String(v) : rubyFloat(v);
  if (v instanceof GoFloat) return rubyFloat(v.value);
  if (Array.isArray(v)) return `[${v.map(rubyInspect).join(', ')}]`;
  if (v.size === 0) return '{}';
  return `{${[...v].map(([k, item]) => `${rubyInspect(k)} => ${rubyInspect(item)}`).join(', ')}}`;
}

/** `to_s` of a decoded YAML value (`nil.to_s` is empty). */
export function rubyToS(v: YamlValue | undefined): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : rubyInspect(v);
}

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
