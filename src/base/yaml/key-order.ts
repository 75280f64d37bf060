import { GoFloat, type YamlKey } from './value.js';

/**
 * yaml.v2's keyList.Less, the order Marshal writes map keys in. Numbers and bools compare as floats
 * (false = 0, true = 1; ties broken by Go kind, then exactly); other kinds compare by reflect.Kind
 * (nil interface < string); strings compare from the first differing rune: letters by code point, a
 * letter after a non-letter, else the digit runs starting there as numbers. The rule is not transitive for
 * some inputs, so callers use a stable sort as the nearest deterministic stand-in for Go's sort.Sort.
 */
const KIND_BOOL = 1;
const KIND_INT = 2;
const KIND_UINT = 11;
const KIND_FLOAT = 14;
const KIND_NIL = 20;
const KIND_STRING = 24;
const INT64_MAX = 2n ** 63n - 1n;

interface SortKey {
  readonly key: YamlKey;
  readonly kind: number;
  /** keyFloat for numbers and bools. */
  readonly num: number;
  /** A string key's code points: the string itself when every code unit is one (no surrogates). */
  readonly runes: Runes | undefined;
}

type Runes = string | readonly number[];

export function sortKeys(keys: Iterable<YamlKey>): YamlKey[] {
  const list = [...keys].map(toSortKey);
  if (list.length > 1) list.sort((a, b) => (keyLess(a, b) ? -1 : keyLess(b, a) ? 1 : 0));
  return list.map((k) => k.key);
}

/** Whether `a` sorts before `b`; exported for tests. */
export function yamlKeyLess(a: YamlKey, b: YamlKey): boolean {
  return keyLess(toSortKey(a), toSortKey(b));
}

function toSortKey(key: YamlKey): SortKey {
  if (key === null) return { key, kind: KIND_NIL, num: Number.NaN, runes: undefined };
  if (typeof key === 'string') return { key, kind: KIND_STRING, num: Number.NaN, runes: toRunes(key) };
  if (typeof key === 'boolean') return { key, kind: KIND_BOOL, num: key ? 1 : 0, runes: undefined };
  if (typeof key === 'bigint')
    return { key, kind: key > INT64_MAX ? KIND_UINT : KIND_INT, num: Number(key), runes: undefined };
  if (key instanceof GoFloat) return { key, kind: KIND_FLOAT, num: key.value, runes: undefined };
  const isInt = Number.isInteger(key) && !Object.is(key, -0);
  return { key, kind: isInt ? KIND_INT : KIND_FLOAT, num: key, runes: undefined };
}

function toRunes(s: string): Runes {
  if (!SURROGATE.test(s)) return s;
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const cp = s.codePointAt(i) ?? 0;
    out.push(cp);
    if (cp > 0xffff) i++;
  }
  return out;
}

const SURROGATE = /[\ud800-\udfff]/;

function runeAt(r: Runes, i: number): number {
  return typeof r === 'string' ? r.charCodeAt(i) : (r[i] as number);
}

function isNumeric(k: SortKey): boolean {
  return k.kind !== KIND_NIL && k.kind !== KIND_STRING;
}

function keyLess(a: SortKey, b: SortKey): boolean {
  if (isNumeric(a) && isNumeric(b)) {
    if (a.num !== b.num) return a.num < b.num;
    if (a.kind !== b.kind) return a.kind < b.kind;
    return exactLess(a.key, b.key);
  }
  if (a.runes === undefined || b.runes === undefined) return a.kind < b.kind;
  return stringLess(a.runes, b.runes);
}

/** numLess for two keys of the same kind whose float values are equal (large ints, bools). */
function exactLess(a: YamlKey, b: YamlKey): boolean {
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === false && b === true;
  const x = a instanceof GoFloat ? a.value : a;
  const y = b instanceof GoFloat ? b.value : b;
  if ((typeof x === 'bigint' || typeof y === 'bigint') && typeof x !== 'string' && typeof y !== 'string') {
    return BigInt(x as number | bigint) < BigInt(y as number | bigint);
  }
  return (x as number) < (y as number);
}

function stringLess(ar: Runes, br: Runes): boolean {
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ca = runeAt(ar, i);
    const cb = runeAt(br, i);
    if (ca === cb) continue;
    const al = isLetter(ca);
    const bl = isLetter(cb);
    if (al && bl) return ca < cb;
    if (al || bl) return bl;
    let seed = 0;
    if (ca === 0x30 || cb === 0x30) {
      for (let j = i - 1; j >= 0 && isDigitRune(runeAt(ar, j)); j--) {
        if (runeAt(ar, j) !== 0x30) {
          seed = 1;
          break;
        }
      }
    }
    const ra = digitRun(ar, i, seed);
    const rb = digitRun(br, i, seed);
    const bothNumbers = typeof ra.value === 'number' && typeof rb.value === 'number';
    const x = bothNumbers ? ra.value : BigInt(ra.value);
    const y = bothNumbers ? rb.value : BigInt(rb.value);
    if (x !== y) return x < y;
    if (ra.end !== rb.end) return ra.end < rb.end;
    return ca < cb;
  }
  return ar.length < br.length;
}

/**
 * Accumulates `n = n*10 + (rune - '0')` over the digit run starting at `from`. Short ASCII runs stay
 * numbers; longer ones (or other scripts' digits) use int64 arithmetic with Go's wrap-around.
 */
function digitRun(runes: Runes, from: number, seed: number): { end: number; value: number | bigint } {
  let end = from;
  let ascii = true;
  while (end < runes.length && isDigitRune(runeAt(runes, end))) {
    if (runeAt(runes, end) > 0x39) ascii = false;
    end++;
  }
  if (ascii && end - from <= 15) {
    let value = seed;
    for (let i = from; i < end; i++) value = value * 10 + runeAt(runes, i) - 0x30;
    return { end, value };
  }
  let value = BigInt(seed);
  for (let i = from; i < end; i++) value = BigInt.asIntN(64, value * 10n + BigInt(runeAt(runes, i) - 0x30));
  return { end, value };
}

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

function isLetter(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
  return LETTER.test(String.fromCodePoint(cp));
}

function isDigitRune(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x30 && cp <= 0x39;
  return DIGIT.test(String.fromCodePoint(cp));
}
