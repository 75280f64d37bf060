import { GoFloat, type YamlValue } from './yaml/value.js';

/**
 * How the Ruby director (Ruby 3.4+ style) prints decoded YAML values in its messages: `inspect`
 * (`{"name" => "x", "version" => 5}`), `to_s`, and `.class` names.
 */

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
  return Number.isInteger(f) ? `${Object.is(f, -0) ? '-0' : s}.0` : s;
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
    const code = c.charCodeAt(0);
    if (c === '#' && '{$@'.includes(s.charAt(i + 1)) && i + 1 < s.length) out += '\\#';
    else if (escaped !== undefined) out += escaped;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += c;
  }
  return `"${out}"`;
}

/** `inspect` of a decoded YAML value (`nil` for a missing one). */
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

/** `to_s` (string interpolation) of a decoded YAML value: strings bare, `nil` empty, the rest as `inspect`. */
export function rubyToS(v: YamlValue | undefined): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : rubyInspect(v);
}

/** `value.class` as Ruby names it. */
export function rubyClass(v: YamlValue | undefined): string {
  if (v === null || v === undefined) return 'NilClass';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'boolean') return v ? 'TrueClass' : 'FalseClass';
  if (typeof v === 'bigint') return 'Integer';
  if (typeof v === 'number') return Number.isInteger(v) && !Object.is(v, -0) ? 'Integer' : 'Float';
  if (v instanceof GoFloat) return 'Float';
  return Array.isArray(v) ? 'Array' : 'Hash';
}
