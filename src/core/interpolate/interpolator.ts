import { formatGoValue } from '../../base/go-fmt.js';
import { goTypeName, kindOf, type YamlKey, type YamlValue } from '../../base/yaml/value.js';
import { wrapError } from '../../base/errors.js';
import type { Lookup } from './variables.js';

// bosh-cli's interpolationRegex: `((name))`, `((!name))`, one optional space inside the parens.
const VAR_PATTERN = String.raw`\(\( ?(!?[-/.\w\p{L}]+) ?\)\)`;
const VAR_REGEX = new RegExp(VAR_PATTERN, 'gu');
const ANCHORED_REGEX = new RegExp(`^${VAR_PATTERN}$`, 'u');

export type NameLookup = (name: string) => Promise<Lookup>;

/** The variable names a string refers to, in order, without the `!` prefix. */
export function extractVarNames(s: string): string[] {
  if (!s.includes('((')) return [];
  return [...s.matchAll(VAR_REGEX)].map((m) => (m[1] ?? '').replace(/^!/, ''));
}

/**
 * Replaces `((vars))` throughout a value, as bosh-cli's interpolator does: a variable that is a whole string keeps
 * its type; embedded in a longer string only strings and integers are allowed; unknown variables stay as written;
 * map keys are interpolated too; found values are not interpolated again.
 * First every name is looked up (the only asynchronous part: lookups may generate credentials), then the value is
 * rebuilt synchronously; node by node recursion with promises would cost more than the lookups on large manifests.
 */
export async function interpolate(node: YamlValue, lookup: NameLookup): Promise<YamlValue> {
  const names = collectVarNames(node);
  if (names.size === 0) return node;
  const resolved = new Map<string, Lookup>();
  for (const name of names) {
    try {
      resolved.set(name, await lookup(name));
    } catch (e) {
      throw wrapError(e, `Finding variable '${name}'`);
    }
  }
  return substitute(node, resolved);
}

/**
 * Every variable name a value refers to (in its strings and its maps' string keys), each once, in the order they are
 * looked up. That order decides which failure is reported first and in which order versions are recorded, so each
 * caller keeps its own: this interpolator reads a map value before its key, the director's variable-set resolution
 * (`keysFirst`) a key before its value.
 */
export function collectVarNames(node: YamlValue, o: { readonly keysFirst?: boolean } = {}): Set<string> {
  const names = new Set<string>();
  const walk = (n: YamlValue): void => {
    if (typeof n === 'string') {
      for (const name of extractVarNames(n)) names.add(name);
    } else if (n instanceof Map) {
      for (const [k, v] of n) {
        if (o.keysFirst === true && typeof k === 'string') walk(k);
        walk(v);
        if (o.keysFirst !== true && typeof k === 'string') walk(k);
      }
    } else if (Array.isArray(n)) {
      for (const item of n) walk(item);
    }
  };
  walk(node);
  return names;
}

/** Updates containers in place, as bosh-cli does; only strings that mention variables are touched. */
function substitute(node: YamlValue, resolved: ReadonlyMap<string, Lookup>): YamlValue {
  if (typeof node === 'string') return node.includes('((') ? substituteString(node, resolved) : node;
  if (node instanceof Map) {
    let renamed: [YamlKey, YamlKey][] | undefined;
    for (const [k, v] of node) {
      const value = substitute(v, resolved);
      if (value !== v) node.set(k, value);
      if (typeof k === 'string' && k.includes('((')) {
        const key = asKey(substituteString(k, resolved));
        if (key !== k) (renamed ??= []).push([k, key]);
      }
    }
    for (const [from, to] of renamed ?? []) {
      const value = node.get(from) ?? null;
      node.delete(from);
      node.set(to, value);
    }
    return node;
  }
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) node[i] = substitute(node[i] ?? null, resolved);
    return node;
  }
  return node;
}

function substituteString(s: string, resolved: ReadonlyMap<string, Lookup>): YamlValue {
  let result = s;
  for (const name of extractVarNames(s)) {
    const found = resolved.get(name);
    if (found?.found !== true) continue;
    if (ANCHORED_REGEX.test(result)) return found.value;
    const kind = kindOf(found.value);
    if (kind !== 'string' && kind !== 'int') {
      throw new Error(
        `Invalid type '${goTypeName(found.value)}' for value '${formatGoValue(found.value)}' and variable '${name}'. ` +
          'Supported types for interpolation within a string are integers and strings.',
      );
    }
    const text = formatGoValue(found.value);
    result = result.replaceAll(`((${name}))`, text).replaceAll(`((!${name}))`, text);
  }
  return result;
}

function asKey(v: YamlValue): YamlKey {
  if (v instanceof Map || Array.isArray(v)) {
    throw new Error(`runtime error: hash of unhashable type ${goTypeName(v)}`);
  }
  return v;
}
