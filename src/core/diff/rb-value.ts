/**
 * The Ruby object model the director's `Changeset` works on, over plain JS data.
 *
 * Representation (what `YAML.safe_load` gives Ruby, as JS values):
 * - Hash: a plain object (string keys, insertion order) or a `Map` (any scalar keys, e.g. integer keys, or
 *   string keys that look like array indices and so would be reordered in a plain object);
 * - Array: an array;
 * - String: a string;
 * - Integer: an integral `number` (not -0) or a `bigint`;
 * - Float: a non-integral `number` (incl. NaN, ±Infinity, -0) or a `GoFloat` (a float whose value is
 *   integral, e.g. YAML `1.0`);
 * - true/false; nil: `null` (or `undefined`).
 * The same object reachable twice is a YAML alias (Psych prints `&1`/`*1`; redaction reaches every use). Other
 * objects (e.g. `Date`) are rejected with a TypeError; cyclic data is not supported.
 */
import { GoFloat } from '../../base/yaml/value.js';

export type RbKind = 'nil' | 'bool' | 'int' | 'float' | 'string' | 'hash' | 'array';
export type RbHash = Map<unknown, unknown> | Record<string, unknown>;

/** A Ruby exception the Ruby implementation would raise (the director turns it into an error response). */
export class RubyError extends Error {
  constructor(
    readonly rubyClass: 'NoMethodError' | 'TypeError',
    message: string,
  ) {
    super(message);
    this.name = rubyClass;
  }

  /** Ruby's `error.inspect`, which e.g. `POST /configs/diff` quotes in its error message. */
  inspect(): string {
    return `#<${this.rubyClass}: ${this.message}>`;
  }
}

export function isHash(v: unknown): v is RbHash {
  if (v instanceof Map) return true;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function kindOf(v: unknown): RbKind {
  if (v === null || v === undefined) return 'nil';
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
      if (Array.isArray(v)) return 'array';
      if (v instanceof GoFloat) return 'float';
      if (isHash(v)) return 'hash';
      throw new TypeError(`changeset: unsupported value ${Object.prototype.toString.call(v)}`);
  }
}

export const isNil = (v: unknown): v is null | undefined => v === null || v === undefined;
export const truthy = (v: unknown): boolean => !isNil(v) && v !== false;

export function hashKeys(h: RbHash): unknown[] {
  return h instanceof Map ? [...h.keys()] : Object.keys(h);
}

export function hashGet(h: RbHash, key: unknown): unknown {
  if (h instanceof Map) return h.get(key);
  return typeof key === 'string' && Object.hasOwn(h, key) ? h[key] : undefined;
}

export function hashHas(h: RbHash, key: unknown): boolean {
  return h instanceof Map ? h.has(key) : typeof key === 'string' && Object.hasOwn(h, key);
}

export function hashSet(h: RbHash, key: unknown, value: unknown): void {
  if (h instanceof Map) h.set(key, value);
  else if (typeof key === 'string')
    Object.defineProperty(h, key, { value, writable: true, enumerable: true, configurable: true });
}

export function floatValue(v: number | GoFloat): number {
  return v instanceof GoFloat ? v.value : v;
}

/** Ruby `Integer#to_s`. */
export function integerToS(v: number | bigint): string {
  return typeof v === 'bigint' || Math.abs(v) >= 2 ** 53 ? BigInt(v).toString() : String(v);
}

/** Ruby `Float#to_s`: shortest round-trip digits, fixed notation for 1e-4 <= |x| < 1e15, else `1.0e+15`. */
export function floatToS(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa = '', exp = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const decpt = Number(exp) + 1;
  if (decpt > 0 && decpt <= 15) {
    if (decpt >= digits.length) return `${sign}${digits.padEnd(decpt, '0')}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  if (decpt <= 0 && decpt > -4) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  const e = decpt - 1;
  const frac = digits.length > 1 ? digits.slice(1) : '0';
  return `${sign}${digits[0] ?? ''}.${frac}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** Ruby `to_s` of a scalar, as `"#{key}:"` interpolates a hash key. */
export function rubyToS(v: unknown): string {
  switch (kindOf(v)) {
    case 'nil':
      return '';
    case 'bool':
    case 'string':
      return String(v);
    case 'int':
      return integerToS(v as number | bigint);
    case 'float':
      return floatToS(floatValue(v as number | GoFloat));
    default:
      throw new TypeError('changeset: collections as hash keys are not supported');
  }
}

function describe(v: unknown): string {
  const k = kindOf(v);
  if (k === 'nil') return 'nil';
  if (k === 'bool') return String(v);
  return `an instance of ${{ int: 'Integer', float: 'Float', string: 'String', hash: 'Hash', array: 'Array' }[k]}`;
}

export function noMethod(method: string, receiver: unknown): RubyError {
  return new RubyError('NoMethodError', `undefined method '${method}' for ${describe(receiver)}`);
}

/** Ruby `v['name']` on whatever `v` is: Hash lookup, String substring search, or the error Ruby raises. */
export function rbIndex(v: unknown, key: string): unknown {
  switch (kindOf(v)) {
    case 'hash':
      return hashGet(v as RbHash, key);
    case 'string':
      return (v as string).includes(key) ? key : null;
    case 'int':
    case 'array':
      throw new RubyError('TypeError', 'no implicit conversion of String into Integer');
    default:
      throw noMethod('[]', v);
  }
}
