/**
 * The data model of a YAML document as bosh-cli sees it: yaml.v2 decoding into `interface{}`.
 *
 * Go keeps ints and floats apart, and prints them differently (`1000000` vs `1e+06`), so we must too:
 * - `number` that is an integer (and not -0) is a Go `int`;
 * - `number` that is not an integer (1.5, Infinity, NaN) is a Go `float64`;
 * - `GoFloat` is a float64 whose value happens to be integral (`1.0`, `1e6`, `-0.0`);
 * - `bigint` is an integer outside the safe range: Go `int` (int64) or `uint64`.
 * Maps keep typed keys (`true`, `1`, `"1"` are different keys), as `map[interface{}]interface{}` does.
 */
export class GoFloat {
  constructor(readonly value: number) {}
}

export type YamlScalar = null | boolean | number | bigint | string | GoFloat;
export type YamlKey = YamlScalar;
export type YamlMap = Map<YamlKey, YamlValue>;
export type YamlValue = YamlScalar | YamlValue[] | YamlMap;

export type YamlKind = 'null' | 'bool' | 'int' | 'float' | 'string' | 'map' | 'seq';

export function kindOf(v: YamlValue): YamlKind {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'bigint':
      return 'int';
    case 'number':
      return Number.isInteger(v) && !Object.is(v, -0) ? 'int' : 'float';
    default:
      if (v instanceof GoFloat) return 'float';
      if (v instanceof Map) return 'map';
      return 'seq';
  }
}

export function isMap(v: YamlValue): v is YamlMap {
  return v instanceof Map;
}

export function isSeq(v: YamlValue): v is YamlValue[] {
  return Array.isArray(v);
}

const INT64_MAX = 2n ** 63n - 1n;

/** The Go type name `%T` prints for a decoded value; BOSH error messages quote it. */
export function goTypeName(v: YamlValue): string {
  switch (kindOf(v)) {
    case 'null':
      return '<nil>';
    case 'bool':
      return 'bool';
    case 'string':
      return 'string';
    case 'int':
      return typeof v === 'bigint' && v > INT64_MAX ? 'uint64' : 'int';
    case 'float':
      return 'float64';
    case 'map':
      return 'map[interface {}]interface {}';
    case 'seq':
      return '[]interface {}';
  }
}

/** The numeric value of an int or float, for comparisons (keys sort numerically). */
export function numericValue(v: number | bigint | GoFloat): number {
  if (v instanceof GoFloat) return v.value;
  return Number(v);
}

/** reflect.DeepEqual over decoded values: types must match exactly (int 1 is not float 1). */
export function deepEqual(a: YamlValue, b: YamlValue): boolean {
  if (a === b) return true;
  const ka = kindOf(a);
  if (ka !== kindOf(b)) return false;
  switch (ka) {
    case 'int':
      return BigInt(a as number | bigint) === BigInt(b as number | bigint);
    case 'float': {
      const x = numericValue(a as number | GoFloat);
      const y = numericValue(b as number | GoFloat);
      return x === y;
    }
    case 'seq': {
      const sa = a as YamlValue[];
      const sb = b as YamlValue[];
      return sa.length === sb.length && sa.every((item, i) => deepEqual(item, sb[i] ?? null));
    }
    case 'map': {
      const ma = a as YamlMap;
      const mb = b as YamlMap;
      if (ma.size !== mb.size) return false;
      for (const [k, va] of ma) {
        const key = findKey(mb, k);
        if (key === undefined) return false;
        if (!deepEqual(va, mb.get(key.key) ?? null)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** Finds the key of `map` equal to `k` (GoFloat keys are objects, so plain `has` is not enough). */
export function findKey(map: YamlMap, k: YamlKey): { key: YamlKey } | undefined {
  if (map.has(k)) return { key: k };
  if (k instanceof GoFloat) {
    for (const key of map.keys()) if (key instanceof GoFloat && key.value === k.value) return { key };
  }
  return undefined;
}

/** A deep copy: maps and sequences are new, scalars are immutable and shared. */
export function cloneValue(v: YamlValue): YamlValue {
  if (v instanceof Map) {
    const out: YamlMap = new Map();
    for (const [k, item] of v) out.set(k, cloneValue(item));
    return out;
  }
  if (Array.isArray(v)) return v.map(cloneValue);
  return v;
}

/** Builds a map from string-keyed entries; handy in code and tests. */
export function mapOf(entries: Record<string, YamlValue>): YamlMap {
  return new Map(Object.entries(entries));
}
