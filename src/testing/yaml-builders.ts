import { GoFloat, type YamlValue } from '../base/yaml/value.js';

/** Plain JS data as tests like to write it; objects become string-keyed YAML maps. */
export type Js = null | boolean | number | string | GoFloat | Js[] | { [k: string]: Js };

/** Builds a YAML value from plain JS data. */
export function y(v: Js): YamlValue {
  if (Array.isArray(v)) return v.map(y);
  if (v === null || typeof v !== 'object' || v instanceof GoFloat) return v;
  return new Map(Object.entries(v).map(([k, item]) => [k, y(item)]));
}

/** The message `fn` throws, or `<no error>`: for asserting exact error texts. */
export function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  return '<no error>';
}
