/** Ruby equality (`==`, `eql?`) and copying over the value model of `rb-value.ts`. */
import { floatValue, hashGet, hashHas, hashKeys, hashSet, isHash, kindOf, type RbHash } from './rb-value.js';
import type { GoFloat } from '../../base/yaml/value.js';

export interface EqualOptions {
  /** `eql?` (Integer 1 is not Float 1.0, as `Array#-` compares) instead of `==`. */
  readonly strict: boolean;
  /**
   * Whether two NaNs inside collections are equal. Ruby compares collection elements identity-first, and every
   * NaN Psych loads is the one `Float::NAN` object; copies made by `Marshal` (the redacted values) are not.
   */
  readonly nanEqual: boolean;
}

function numEqual(a: number | bigint, b: number | bigint): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a === b;
  const [big, num] = typeof a === 'bigint' ? [a, b as number] : [b as bigint, a];
  return Number.isInteger(num) && BigInt(num) === big;
}

const numeric = (v: unknown): number | bigint =>
  typeof v === 'bigint' || typeof v === 'number' ? v : floatValue(v as GoFloat);

/** Ruby `a == b` / `a.eql?(b)` as evaluated for collection elements (identity first). */
export function rbEqual(a: unknown, b: unknown, opts: EqualOptions): boolean {
  if (a === b && typeof a === 'object') return true;
  const ka = kindOf(a);
  const kb = kindOf(b);
  if ((ka === 'int' || ka === 'float') && (kb === 'int' || kb === 'float')) {
    if (opts.strict && ka !== kb) return false;
    const na = numeric(a);
    const nb = numeric(b);
    if (Number.isNaN(na) && Number.isNaN(nb)) return opts.nanEqual;
    return numEqual(na, nb);
  }
  if (ka !== kb) return false;
  switch (ka) {
    case 'nil':
      return true;
    case 'array': {
      const xs = a as unknown[];
      const ys = b as unknown[];
      return xs.length === ys.length && xs.every((x, i) => rbEqual(x, ys[i], opts));
    }
    case 'hash': {
      const ha = a as RbHash;
      const hb = b as RbHash;
      const keys = hashKeys(ha);
      if (keys.length !== hashKeys(hb).length) return false;
      return keys.every((k) => hashHas(hb, k) && rbEqual(hashGet(ha, k), hashGet(hb, k), opts));
    }
    default:
      return a === b;
  }
}

/** Ruby `a == b` called directly on two values: `Float#==` makes NaN unequal to itself. */
export function rbEqualDirect(a: unknown, b: unknown): boolean {
  const numericKinds = ['int', 'float'];
  if (numericKinds.includes(kindOf(a)) && numericKinds.includes(kindOf(b))) {
    return rbEqual(a, b, { strict: false, nanEqual: false });
  }
  return rbEqual(a, b, { strict: false, nanEqual: true });
}

/** `Marshal.load(Marshal.dump(v))`: a deep copy that keeps shared references shared. */
export function deepCopy(v: unknown, seen = new Map<object, unknown>()): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const done = seen.get(v);
  if (done !== undefined) return done;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    seen.set(v, out);
    for (const x of v as unknown[]) out.push(deepCopy(x, seen));
    return out;
  }
  if (!isHash(v)) return v;
  const out: RbHash = v instanceof Map ? new Map<unknown, unknown>() : {};
  seen.set(v, out);
  for (const k of hashKeys(v)) hashSet(out, k, deepCopy(hashGet(v, k), seen));
  return out;
}

/** The key order of Ruby `first.merge(second)`: `first`'s keys, then `second`'s new ones. */
export function mergedKeys(first: RbHash, second: RbHash): unknown[] {
  return [...hashKeys(first), ...hashKeys(second).filter((k) => !hashHas(first, k))];
}
