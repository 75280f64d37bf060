import { GoFloat, type YamlMap, type YamlValue } from '../../base/yaml/value.js';
import type { Problems } from './problems.js';
import { rubyInspect, rubyToS } from '../../base/ruby-inspect.js';

/** The Ruby classes `safe_property` checks against (`boolean` is BOSH's `:boolean`). */
export type RbClass = 'String' | 'Integer' | 'Hash' | 'Array' | 'boolean';

export interface PropOptions {
  /** Absent is fine (Ruby `optional: true` or any `default:`). */
  readonly optional?: boolean;
  readonly min?: number;
}

export const isHash = (v: YamlValue | undefined): v is YamlMap => v instanceof Map;
export const isInteger = (v: YamlValue | undefined): v is number | bigint =>
  typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v) && !Object.is(v, -0));
const isNumeric = (v: YamlValue | undefined): boolean =>
  typeof v === 'number' || v instanceof GoFloat || isInteger(v);

function matches(cls: RbClass, v: YamlValue): boolean {
  switch (cls) {
    case 'String':
      return typeof v === 'string';
    case 'Integer':
      return isInteger(v);
    case 'Hash':
      return v instanceof Map;
    case 'Array':
      return Array.isArray(v);
    case 'boolean':
      return typeof v === 'boolean';
  }
}

/**
 * BOSH's `ValidationHelper#safe_property`: reads `key` of `hash`, records BOSH's problem and returns
 * undefined when it is missing (and required) or of the wrong class. Numbers pass as `String` (`to_s`).
 */
export function prop(
  p: Problems,
  hash: YamlValue | undefined,
  key: string,
  cls: RbClass | undefined,
  opts: PropOptions = {},
): YamlValue | undefined {
  if (hash !== undefined && hash !== null && !(hash instanceof Map)) {
    p.add('ValidationInvalidType', `Object (${rubyInspect(hash)}) did not match the required type 'Hash'`);
    return undefined;
  }
  if (hash instanceof Map && hash.has(key)) {
    let value = hash.get(key) ?? null;
    if (cls !== undefined && !matches(cls, value)) {
      if (cls === 'String' && isNumeric(value)) value = rubyToS(value);
      else {
        p.add(
          'ValidationInvalidType',
          `Property '${key}' value (${rubyInspect(value)}) did not match the required type '${cls}'`,
        );
        return undefined;
      }
    }
    if (opts.min !== undefined && isInteger(value) && Number(value) < opts.min) {
      p.add(
        'ValidationViolatedMin',
        `'${key}' value (${rubyInspect(value)}) should be greater than ${opts.min}`,
      );
      return undefined;
    }
    return value;
  }
  if (opts.optional !== true) {
    p.add(
      'ValidationMissingField',
      `Required property '${key}' was not specified in object (${rubyInspect(hash ?? null)})`,
    );
  }
  return undefined;
}

export const str = (
  p: Problems,
  h: YamlValue | undefined,
  key: string,
  opts?: PropOptions,
): string | undefined => prop(p, h, key, 'String', opts) as string | undefined;

export function int(
  p: Problems,
  h: YamlValue | undefined,
  key: string,
  opts?: PropOptions,
): number | undefined {
  const v = prop(p, h, key, 'Integer', opts);
  return v === undefined ? undefined : Number(v);
}

export const bool = (
  p: Problems,
  h: YamlValue | undefined,
  key: string,
  opts?: PropOptions,
): boolean | undefined => prop(p, h, key, 'boolean', opts) as boolean | undefined;

export const hash = (
  p: Problems,
  h: YamlValue | undefined,
  key: string,
  opts?: PropOptions,
): YamlMap | undefined => prop(p, h, key, 'Hash', opts) as YamlMap | undefined;

export const array = (
  p: Problems,
  h: YamlValue | undefined,
  key: string,
  opts?: PropOptions,
): readonly YamlValue[] | undefined => prop(p, h, key, 'Array', opts) as YamlValue[] | undefined;

/** `hash.key?(key)` on a decoded value that may not be a Hash. */
export const hasKey = (h: YamlValue | undefined, key: string): boolean => h instanceof Map && h.has(key);

/** `hash[key]` on a decoded value that may not be a Hash. */
export const get = (h: YamlValue | undefined, key: string): YamlValue | undefined =>
  h instanceof Map ? h.get(key) : undefined;

/** The names that occur more than once, in order of their first repetition. */
export function duplicates(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const dups: string[] = [];
  for (const n of names) {
    if (seen.has(n) && !dups.includes(n)) dups.push(n);
    seen.add(n);
  }
  return dups;
}
