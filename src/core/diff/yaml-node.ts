/** The YAML node tree Psych's `YAMLTree` visitor builds from Ruby data before libyaml writes it. */
import { psychString } from './psych-string.js';
import { floatToS, floatValue, hashGet, hashKeys, integerToS, kindOf, type RbHash } from './rb-value.js';
import type { GoFloat } from '../../base/yaml/value.js';

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

export interface PsychScalar {
  readonly value: string;
  /** An explicit tag (only `!!str` for the string `<<`). */
  readonly tag: { readonly handle: string; readonly suffix: string } | null;
  readonly plainImplicit: boolean;
  readonly quotedImplicit: boolean;
  readonly style: ScalarStyle;
}

export type YamlNode =
  | ({ readonly kind: 'scalar' } & PsychScalar)
  | { readonly kind: 'seq'; anchor: string | null; readonly items: YamlNode[] }
  | { readonly kind: 'map'; anchor: string | null; readonly pairs: Array<readonly [YamlNode, YamlNode]> }
  | { readonly kind: 'alias'; readonly anchor: string };

type CollectionNode = Extract<YamlNode, { kind: 'seq' | 'map' }>;

/** Non-strings: `visit_Integer`/`visit_Float`/`visit_NilClass`/booleans, all plain-implicit only. */
function otherScalar(v: unknown): PsychScalar {
  let value: string;
  switch (kindOf(v)) {
    case 'nil':
      value = '';
      break;
    case 'int':
      value = integerToS(v as number | bigint);
      break;
    case 'float': {
      const x = floatValue(v as number | GoFloat);
      value = Number.isNaN(x) ? '.nan' : x === Infinity ? '.inf' : x === -Infinity ? '-.inf' : floatToS(x);
      break;
    }
    default:
      value = String(v);
  }
  return { value, tag: null, plainImplicit: true, quotedImplicit: false, style: 'plain' };
}

/**
 * `Psych::Visitors::YAMLTree`: Hashes and Arrays met a second time (the same object, as YAML aliases and
 * Marshal copies share them) become aliases, anchored `&1`, `&2`… in the order the aliases are met.
 */
export function toYamlTree(root: unknown): YamlNode {
  const registry = new Map<object, { node: CollectionNode; id?: number }>();
  let counter = 0;

  const accept = (v: unknown): YamlNode => {
    const kind = kindOf(v);
    if (kind !== 'hash' && kind !== 'array') {
      return { kind: 'scalar', ...(kind === 'string' ? psychString(v as string) : otherScalar(v)) };
    }
    const target = v as object;
    const seen = registry.get(target);
    if (seen) {
      seen.id ??= ++counter;
      seen.node.anchor = String(seen.id);
      return { kind: 'alias', anchor: seen.node.anchor };
    }
    if (kind === 'array') {
      const node: CollectionNode = { kind: 'seq', anchor: null, items: [] };
      registry.set(target, { node });
      for (const item of v as unknown[]) node.items.push(accept(item));
      return node;
    }
    const node: CollectionNode = { kind: 'map', anchor: null, pairs: [] };
    registry.set(target, { node });
    for (const k of hashKeys(v as RbHash)) node.pairs.push([accept(k), accept(hashGet(v as RbHash, k))]);
    return node;
  };
  return accept(root);
}
