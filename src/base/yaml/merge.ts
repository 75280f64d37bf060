import { isMap, type YamlMap } from './value.js';

/**
 * bosh_common's `Hash#recursive_merge`: `right` over `left`, maps merged key by key, anything else replaced
 * (global properties ← instance group properties; AZ ← vm_type ← vm_extensions cloud properties).
 */
export function recursiveMerge(left: YamlMap, right: YamlMap): YamlMap {
  const out = new Map(left);
  for (const [k, v] of right) {
    const l = out.get(k);
    out.set(k, l !== undefined && isMap(l) && isMap(v) ? recursiveMerge(l, v) : v);
  }
  return out;
}
