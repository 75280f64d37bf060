import type { YamlNode } from '../../base/yaml/node.js';
import { expectMapping, forEachPair, goString, type Decoded, type GoCodec } from './go-yaml-struct.js';

/**
 * Go maps and structs for `unmarshal`. Structs decode into plain objects whose keys are the YAML field
 * names; a Go map decodes into a JS Map (string keys take the key's source text, as a Go string does).
 */

export function goMap<V>(value: GoCodec<V>, goType = `map[string]${value.goType}`): GoCodec<Map<string, V>> {
  return {
    goType,
    zero: () => new Map(),
    decode(node, problems) {
      const out = new Map<string, V>();
      const n = expectMapping(node, goType, problems);
      if (n === undefined) return out;
      forEachPair(n, (k, v) => {
        out.set(goString.decode(k, problems), value.decode(v, problems));
      });
      return out;
    },
  };
}

type Fields = Readonly<Record<string, GoCodec<unknown>>>;
export type StructOf<F extends Fields> = { -readonly [K in keyof F]: Decoded<F[K]> };

/** A Go struct with the given yaml field names; unknown keys are ignored, later duplicates win. */
export function goStruct<F extends Fields>(goType: string, fields: F): GoCodec<StructOf<F>> {
  const zero = (): StructOf<F> => {
    const out: Record<string, unknown> = {};
    for (const [name, codec] of Object.entries(fields)) out[name] = codec.zero();
    return out as StructOf<F>;
  };
  return {
    goType,
    zero,
    decode(node: YamlNode, problems: string[]) {
      const out: Record<string, unknown> = zero();
      const n = expectMapping(node, goType, problems);
      if (n === undefined) return out as StructOf<F>;
      forEachPair(n, (k, v) => {
        const name = goString.decode(k, problems);
        const codec = Object.hasOwn(fields, name) ? fields[name] : undefined;
        if (codec !== undefined) out[name] = codec.decode(v, problems);
      });
      return out as StructOf<F>;
    },
  };
}
