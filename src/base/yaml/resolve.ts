import { parseGoFloat, parseGoInt, parseGoUint } from './go-strconv.js';
import { isGoTimestamp } from './go-timestamp.js';
import { TAGS } from './node.js';
import { GoFloat, type YamlScalar } from './value.js';

/**
 * yaml.v2's resolve() for plain scalars (YAML 1.1): a lookup table for bools, nulls, infinities and `<<`,
 * then — for scalars starting with a digit or sign — timestamps, Go integers (int64, then uint64), and
 * floats matching yamlStyleFloat, then `0b` binary. Everything else is a string; base-60 numbers are not
 * resolved (the emitter quotes them separately).
 */
export interface Resolved {
  readonly tag: string;
  readonly value: YamlScalar;
}

const MAP = new Map<string, Resolved>();
function add(tag: string, value: YamlScalar, spellings: string): void {
  for (const s of spellings.split(' ')) MAP.set(s, { tag, value });
}
add(TAGS.BOOL, true, 'y Y yes Yes YES true True TRUE on On ON');
add(TAGS.BOOL, false, 'n N no No NO false False FALSE off Off OFF');
add(TAGS.NULL, null, '~ null Null NULL');
MAP.set('', { tag: TAGS.NULL, value: null });
add(TAGS.FLOAT, Number.NaN, '.nan .NaN .NAN');
add(TAGS.FLOAT, Number.POSITIVE_INFINITY, '.inf .Inf .INF +.inf +.Inf +.INF');
add(TAGS.FLOAT, Number.NEGATIVE_INFINITY, '-.inf -.Inf -.INF');
add(TAGS.MERGE, '<<', '<<');

/** resolveTable: 'M' = maybe in the map, 'D' digit, 'S' sign, '.' float; absent = surely a string. */
const HINTS = new Map<number, string>();
for (const ch of '+-') HINTS.set(ch.charCodeAt(0), 'S');
for (const ch of '0123456789') HINTS.set(ch.charCodeAt(0), 'D');
for (const ch of 'yYnNtTfFoO~') HINTS.set(ch.charCodeAt(0), 'M');
HINTS.set(0x2e, '.');

const SMALL_DECIMAL = /^[-+]?(?:0|[1-9][0-9]{0,14})$/;
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Resolves an untagged plain scalar (or one tagged !!str/!!int/...; the caller checks the tag). */
export function resolvePlain(text: string, timestampsAllowed = true): Resolved {
  const hint = text === '' ? 'N' : HINTS.get(text.charCodeAt(0));
  if (hint === undefined) return { tag: TAGS.STR, value: text };
  const known = MAP.get(text);
  if (known !== undefined) return known;
  if (hint === '.') {
    const f = parseGoFloat(text);
    if (f !== null) return { tag: TAGS.FLOAT, value: floatValue(f) };
  } else if (hint === 'D' || hint === 'S') {
    // Fast path for everyday decimals (a leading 0 would mean octal, so those take the long way).
    if (SMALL_DECIMAL.test(text)) return { tag: TAGS.INT, value: Number(text) + 0 /* -0 is int 0 */ };
    if (timestampsAllowed && isGoTimestamp(text)) return { tag: TAGS.TIMESTAMP, value: text };
    const plain = text.includes('_') ? text.replaceAll('_', '') : text;
    const i = parseGoInt(plain);
    if (i !== null) return { tag: TAGS.INT, value: intValue(i) };
    const u = parseGoUint(plain);
    if (u !== null) return { tag: TAGS.INT, value: u };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = parseGoFloat(plain);
      if (f !== null) return { tag: TAGS.FLOAT, value: floatValue(f) };
    }
    // Only reachable for odd spellings such as `0b-101` (ParseInt with base 0 already handles `0b101`).
    if (plain.startsWith('0b')) {
      const signed = parseBinaryInt(plain.slice(2));
      if (signed !== null) return { tag: TAGS.INT, value: intValue(signed) };
      const unsigned = /^[01]+$/.test(plain.slice(2)) ? BigInt(`0b${plain.slice(2)}`) : null;
      if (unsigned !== null && unsigned < 2n ** 64n) return { tag: TAGS.INT, value: unsigned };
    } else if (plain.startsWith('-0b')) {
      const signed = parseBinaryInt(`-${plain.slice(3)}`);
      if (signed !== null) return { tag: TAGS.INT, value: intValue(signed) };
    }
  }
  return { tag: TAGS.STR, value: text };
}

/** strconv.ParseInt(s, 2, 64). */
function parseBinaryInt(s: string): bigint | null {
  const m = /^([-+]?)([01]+)$/.exec(s);
  if (m === null) return null;
  const magnitude = BigInt(`0b${m[2] ?? ''}`);
  const value = m[1] === '-' ? -magnitude : magnitude;
  return value >= -(2n ** 63n) && value < 2n ** 63n ? value : null;
}

/** Go int: a JS number when it is safe, else a bigint. */
export function intValue(i: bigint): number | bigint {
  return i >= -9007199254740991n && i <= 9007199254740991n ? Number(i) : i;
}

/** Go float64: integral values (and -0) are wrapped so they stay floats. */
export function floatValue(f: number): number | GoFloat {
  return Number.isInteger(f) ? new GoFloat(f) : f;
}
