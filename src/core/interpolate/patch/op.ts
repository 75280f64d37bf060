/**
 * The operation interface of go-patch (`patch/ops.go`). `apply` may change `doc` in place (as go-patch does with
 * maps and arrays) and returns the resulting document; callers must use the returned value.
 */
import type { YamlValue } from '../../../base/yaml/value.js';

export interface Op {
  apply(doc: YamlValue): YamlValue;
}

/** `patch.Ops.Apply`: applies each op in order to the result of the previous one; stops at the first error. */
export function applyOps(doc: YamlValue, ops: readonly Op[]): YamlValue {
  let result = doc;
  for (const op of ops) result = op.apply(result);
  return result;
}

/** `patch.Ops`: a list of ops that is itself an op (bosh-cli concatenates all `-o` files into one). */
export class OpList implements Op {
  constructor(readonly ops: readonly Op[]) {}

  apply(doc: YamlValue): YamlValue {
    return applyOps(doc, this.ops);
  }
}
