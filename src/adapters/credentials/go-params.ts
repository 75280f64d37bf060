import { wrapError } from '../../base/errors.js';
import type { YamlKey, YamlValue } from '../../base/yaml/value.js';
import { scalarNode, sortedEntries, valueLine, valueLines } from './go-yaml-node.js';

/**
 * config-server's objToStruct and bosh-cli's CA loader decode options by marshalling them to YAML and unmarshalling
 * into a Go struct with yaml.v2. This reproduces the observable part: unsupported keys, the lenient conversions
 * (any scalar into a string field, floats into ints) and yaml.v2's type errors with their line numbers.
 */

export type GoField = 'string' | 'bool' | 'int' | 'int64' | '[]string';
export type GoFieldValue = string | boolean | bigint | string[];
export type Decoded = ReadonlyMap<string, GoFieldValue>;

export interface StructSpec {
  /** Go's name for the struct type, as `%v` of its reflect.Type prints it (`types.certParams`). */
  readonly typeName: string;
  readonly fields: Readonly<Record<string, GoField>>;
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** yaml.v2's *TypeError: every conversion problem of one Unmarshal, one per line. */
function typeError(problems: readonly string[]): Error {
  return new Error(`yaml: unmarshal errors:\n  ${problems.join('\n  ')}`);
}

/** The string a map key decodes to in a Go string (a null key is the empty string). */
export function keyText(k: YamlKey): string {
  return k === null ? '' : scalarNode(k).text;
}

/** types.objToStruct: the input must be a map whose keys are all supported, then it is decoded into the struct. */
export function objToStruct(input: YamlValue, spec: StructSpec): Decoded {
  if (input !== null && !(input instanceof Map)) {
    const problem = mismatch(input, 0, 'map[string]interface {}');
    throw wrapError(typeError([problem]), 'Expected input to be deserializable');
  }
  for (const key of input?.keys() ?? []) {
    const name = keyText(key);
    if (!Object.hasOwn(spec.fields, name)) throw new Error(`Unsupported parameter '${name}'`);
  }
  try {
    return decodeStruct(input, spec);
  } catch (e) {
    throw wrapError(e, 'Expected input to be deserializable');
  }
}

/** yaml.Unmarshal into a struct: unknown keys are ignored, problems are collected and thrown together. */
export function decodeStruct(input: YamlValue, spec: StructSpec): Decoded {
  const out = new Map<string, GoFieldValue>();
  if (input === null) return out;
  if (!(input instanceof Map)) throw typeError([mismatch(input, 0, spec.typeName)]);
  const problems: string[] = [];
  let keyLine = 0;
  for (const [key, value] of sortedEntries(input)) {
    const name = keyText(key);
    const field = Object.hasOwn(spec.fields, name) ? spec.fields[name] : undefined;
    if (field !== undefined) {
      const decoded = decodeField(value, field, valueLine(value, keyLine), problems);
      if (decoded !== undefined) out.set(name, decoded);
    }
    keyLine += valueLines(value, true);
  }
  if (problems.length > 0) throw typeError(problems);
  return out;
}

/** `line N: cannot unmarshal !!str `value` into type`, with values over ten bytes cut to seven and `...`. */
function mismatch(v: YamlValue, line: number, into: string): string {
  if (Array.isArray(v)) return `line ${line + 1}: cannot unmarshal !!seq into ${into}`;
  if (v instanceof Map) return `line ${line + 1}: cannot unmarshal !!map into ${into}`;
  const node = scalarNode(v);
  const bytes = Buffer.from(node.text, 'utf8');
  const shown = bytes.length > 10 ? bytes.subarray(0, 7).toString('utf8') + '...' : node.text;
  return `line ${line + 1}: cannot unmarshal ${node.tag} \`${shown}\` into ${into}`;
}

function decodeField(
  v: YamlValue,
  field: GoField,
  line: number,
  problems: string[],
): GoFieldValue | undefined {
  if (v === null) return zero(field);
  if (field === '[]string') {
    if (!Array.isArray(v)) return void problems.push(mismatch(v, line, field));
    const items: string[] = [];
    let itemLine = line;
    for (const item of v) {
      const s = decodeField(item, 'string', itemLine, problems);
      items.push(typeof s === 'string' ? s : '');
      itemLine += valueLines(item, false);
    }
    return items;
  }
  if (Array.isArray(v) || v instanceof Map) return void problems.push(mismatch(v, line, field));
  const node = scalarNode(v);
  if (field === 'string') return node.text;
  if (field === 'bool') {
    return typeof node.resolved === 'boolean' ? node.resolved : void problems.push(mismatch(v, line, field));
  }
  const n = toInt64(node.resolved);
  return n ?? void problems.push(mismatch(v, line, field));
}

function zero(field: GoField): GoFieldValue {
  if (field === 'string') return '';
  if (field === 'bool') return false;
  if (field === '[]string') return [];
  return 0n;
}

/** yaml.v2's int conversions: ints within int64, floats up to MaxInt64 truncated (Go's amd64 overflow rules). */
function toInt64(resolved: bigint | number | boolean | string | null): bigint | undefined {
  if (typeof resolved === 'bigint')
    return resolved >= INT64_MIN && resolved <= INT64_MAX ? resolved : undefined;
  if (typeof resolved !== 'number') return undefined;
  if (!(resolved <= Number(INT64_MAX))) return undefined; // NaN and +Inf fail; 2^63 itself passes
  if (resolved >= 2 ** 63 || resolved <= -(2 ** 63)) return INT64_MIN;
  return BigInt(Math.trunc(resolved));
}

/** Typed reads of a decoded struct; absent fields have Go's zero value. */
export const field = {
  string: (d: Decoded, name: string): string => {
    const v = d.get(name);
    return typeof v === 'string' ? v : '';
  },
  bool: (d: Decoded, name: string): boolean => d.get(name) === true,
  int: (d: Decoded, name: string): bigint => {
    const v = d.get(name);
    return typeof v === 'bigint' ? v : 0n;
  },
  strings: (d: Decoded, name: string): string[] => {
    const v = d.get(name);
    return Array.isArray(v) ? v : [];
  },
};
