/**
 * `patch.FindOp`: returns the value at a path (used by `bosh int --path`, the test op and `((a.b.c))` lookups).
 * It never changes the document. Optional tokens that are missing yield what replace would have created:
 * `null` for a key, `{key: value}` for a `key=value` token. The result is the node itself, not a copy.
 */
import type { YamlValue } from '../../../base/yaml/value.js';
import { concreteIndex, matchingIndexes } from './array-index.js';
import type { Op } from './op.js';
import {
  expectArray,
  expectMap,
  OpMissingMapKeyError,
  OpMultipleMatchingIndexError,
  OpUnexpectedTokenError,
} from './op-errors.js';
import type { Pointer } from './pointer.js';

export class FindOp implements Op {
  constructor(readonly path: Pointer) {}

  apply(doc: YamlValue): YamlValue {
    const tokens = this.path.tokens;
    let obj = doc;

    for (const [i, token] of tokens.entries()) {
      if (i === 0) continue;
      const isLast = i === tokens.length - 1;
      const currPath = (): Pointer => this.path.prefix(i + 1);

      switch (token.kind) {
        case 'index': {
          const array = expectArray(obj, currPath);
          const idx = concreteIndex(token.index, token.modifiers, array.length, currPath);
          obj = array[idx] ?? null;
          if (isLast) return obj;
          break;
        }

        case 'after-last-index':
          throw new Error(
            `Expected not to find after last index token in path '${this.path.toString()}' ` +
              '(not supported in find operations)',
          );

        case 'matching-index': {
          const array = expectArray(obj, currPath);
          const idxs = matchingIndexes(array, token.key, token.value);
          if (token.optional && idxs.length === 0) {
            // Modifiers are ignored here, as in go-patch.
            obj = new Map([[token.key, token.value]]);
            if (isLast) return obj;
            break;
          }
          const [matched] = idxs;
          if (matched === undefined || idxs.length !== 1) {
            throw new OpMultipleMatchingIndexError(currPath(), idxs.length);
          }
          const idx = concreteIndex(BigInt(matched), token.modifiers, array.length, currPath);
          obj = array[idx] ?? null;
          if (isLast) return obj;
          break;
        }

        case 'key': {
          const map = expectMap(obj, currPath);
          const found = map.has(token.key);
          if (!found && !token.optional) throw new OpMissingMapKeyError(token.key, currPath(), map);
          obj = map.get(token.key) ?? null;
          if (isLast) return obj;
          if (found) break;
          // Stand in for the container replace would create; only keys and matches can follow.
          const next = tokens[i + 1]?.kind;
          if (next === 'matching-index') obj = [];
          else if (next === 'key') obj = new Map();
          else {
            const at = this.path.prefix(i + 2).toString();
            throw new Error(`Expected to find key or matching index token at path '${at}'`);
          }
          break;
        }

        case 'root':
          throw new OpUnexpectedTokenError(token, currPath());
      }
    }

    return doc;
  }
}
