/**
 * `patch.RemoveOp`: deletes the map key or array item at a path. A missing optional key, or an optional
 * `key=value` that matches nothing, makes the whole op a no-op. The root cannot be removed.
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

export class RemoveOp implements Op {
  constructor(readonly path: Pointer) {}

  apply(doc: YamlValue): YamlValue {
    const tokens = this.path.tokens;
    if (tokens.length === 1) throw new Error('Cannot remove entire document');

    let result = doc;
    let obj = doc;
    let update = (newObj: YamlValue): void => {
      result = newObj;
    };

    for (const [i, token] of tokens.entries()) {
      if (i === 0) continue;
      const isLast = i === tokens.length - 1;
      const currPath = (): Pointer => this.path.prefix(i + 1);

      switch (token.kind) {
        case 'index': {
          const array = expectArray(obj, currPath);
          const idx = concreteIndex(token.index, token.modifiers, array.length, currPath);
          if (isLast) {
            array.splice(idx, 1);
            update(array);
          } else {
            obj = array[idx] ?? null;
            update = (newObj) => {
              array[idx] = newObj;
            };
          }
          break;
        }

        case 'matching-index': {
          const array = expectArray(obj, currPath);
          const idxs = matchingIndexes(array, token.key, token.value);
          if (token.optional && idxs.length === 0) return result;
          const [matched] = idxs;
          if (matched === undefined || idxs.length !== 1) {
            throw new OpMultipleMatchingIndexError(currPath(), idxs.length);
          }
          const idx = concreteIndex(BigInt(matched), token.modifiers, array.length, currPath);
          if (isLast) {
            array.splice(idx, 1);
            update(array);
          } else {
            obj = array[idx] ?? null;
            // go-patch keeps the previous setter here ("matching item can only be a map"); so do we.
          }
          break;
        }

        case 'key': {
          const map = expectMap(obj, currPath);
          const key = token.key;
          if (!map.has(key)) {
            if (token.optional) return result;
            throw new OpMissingMapKeyError(key, currPath(), map);
          }
          if (isLast) {
            map.delete(key);
          } else {
            obj = map.get(key) ?? null;
            update = (newObj) => {
              map.set(key, newObj);
            };
          }
          break;
        }

        case 'after-last-index':
        case 'root':
          throw new OpUnexpectedTokenError(token, currPath());
      }
    }

    return result;
  }
}
