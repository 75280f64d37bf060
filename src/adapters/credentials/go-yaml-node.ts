import { formatGoFloat } from '../../base/yaml/go-float.js';
import { yamlKeyLess } from '../../base/yaml/key-order.js';
import { GoFloat, type YamlKey, type YamlMap, type YamlValue } from '../../base/yaml/value.js';

/**
 * What the config-server generators see after their `yaml.Marshal` + `yaml.Unmarshal` round trip: the text and
 * resolved tag yaml.v2 gives each scalar, the order it writes map keys in, and the line each value lands on. Type
 * errors quote all three (`line 3: cannot unmarshal !!str `true` into bool`).
 */

export type ScalarTag = '!!null' | '!!bool' | '!!int' | '!!float' | '!!str';

export interface ScalarNode {
  readonly tag: ScalarTag;
  readonly text: string;
  /** bigint for !!int, number for !!float, boolean for !!bool, string for !!str, null for !!null. */
  readonly resolved: bigint | number | boolean | string | null;
}

const INT_TEXT = /^[-+]?[0-9]+$/;

export function scalarNode(v: Exclude<YamlValue, YamlValue[] | YamlMap>): ScalarNode {
  if (v === null) return { tag: '!!null', text: 'null', resolved: null };
  if (typeof v === 'boolean') return { tag: '!!bool', text: String(v), resolved: v };
  if (typeof v === 'string') return { tag: '!!str', text: v, resolved: v };
  if (typeof v === 'bigint') return { tag: '!!int', text: v.toString(), resolved: v };
  const f = v instanceof GoFloat ? v.value : v;
  if (!(v instanceof GoFloat) && Number.isInteger(f) && !Object.is(f, -0)) {
    return { tag: '!!int', text: String(f), resolved: BigInt(f) };
  }
  // A float is written with FormatFloat and read back by the resolver: `1.0` comes back as the int 1.
  const text = formatGoFloat(f);
  return INT_TEXT.test(text)
    ? { tag: '!!int', text, resolved: BigInt(text) }
    : { tag: '!!float', text, resolved: f };
}

export function sortedEntries(map: YamlMap): [YamlKey, YamlValue][] {
  return [...map].sort(([a], [b]) => (yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0));
}

const isEmptyCollection = (v: YamlValue) =>
  (Array.isArray(v) && v.length === 0) || (v instanceof Map && v.size === 0);

/** Lines a scalar takes: strings with newlines become literal blocks (`|-` plus one line per text line). */
function scalarLines(v: YamlValue): number {
  if (typeof v !== 'string' || !v.includes('\n')) return 1;
  return 1 + (v.endsWith('\n') ? v.split('\n').length - 1 : v.split('\n').length);
}

/** Lines a value takes after `key:` or `- `; block collections start on the next line after a key. */
export function valueLines(v: YamlValue, afterKey: boolean): number {
  if (isEmptyCollection(v)) return 1;
  if (!Array.isArray(v) && !(v instanceof Map)) return scalarLines(v);
  let lines = afterKey ? 1 : 0;
  for (const item of v.values()) lines += valueLines(item, v instanceof Map);
  return lines;
}

/** The line (0-based) a value's node starts on, given the line of its key. */
export function valueLine(v: YamlValue, keyLine: number): number {
  return (Array.isArray(v) || v instanceof Map) && !isEmptyCollection(v) ? keyLine + 1 : keyLine;
}
