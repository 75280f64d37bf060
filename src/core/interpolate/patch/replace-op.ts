/**
 * `patch.ReplaceOp`: sets the value at a path, creating what optional (`?`) tokens allow. Like go-patch it walks
 * the path once, keeping a setter for the slot that holds the current node so arrays can be grown in place.
 */
import type { YamlValue } from '../../../base/yaml/value.js';
import { concreteIndex, concreteInsertion, matchingIndexes, updateAt } from './array-index.js';
import type { Op } from './op.js';
import {
  expectArray,
  expectMap,
  OpMissingMapKeyError,
  OpMultipleMatchingIndexError,
  OpUnexpectedTokenError,
} from './op-errors.js';
import type { Pointer } from './pointer.js';
import { cloneThroughYaml } from './yaml-round-trip.js';

export class ReplaceOp implements Op {
  constructor(
    readonly path: Pointer,
    readonly value: YamlValue,
  ) {}

  apply(doc: YamlValue): YamlValue {
    // Cloned on every apply so later ops cannot change this op's value.
    const value = cloneThroughYaml(this.value);
    const tokens = this.path.tokens;
    if (tokens.length === 1) return value;

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
          if (isLast) {
            const point = concreteInsertion(token.index, token.modifiers, array.length, currPath);
            update(updateAt(array, point, value));
          } else {
            const idx = concreteIndex(token.index, token.modifiers, array.length, currPath);
            obj = array[idx] ?? null;
            update = (newObj) => {
              array[idx] = newObj;
            };
          }
          break;
        }

        case 'after-last-index': {
          const array = expectArray(obj, currPath);
          if (!isLast) {
            throw new Error(`Expected after last index token to be last in path '${this.path.toString()}'`);
          }
          array.push(value);
          update(array);
          break;
        }

        case 'matching-index': {
          const array = expectArray(obj, currPath);
          const idxs = matchingIndexes(array, token.key, token.value);
          if (token.optional && idxs.length === 0) {
            if (isLast) {
              array.push(value);
            } else {
              obj = new Map([[token.key, token.value]]);
              array.push(obj);
            }
            update(array);
            break;
          }
          const [matched] = idxs;
          if (matched === undefined || idxs.length !== 1) {
            throw new OpMultipleMatchingIndexError(currPath(), idxs.length);
          }
          if (isLast) {
            const point = concreteInsertion(BigInt(matched), token.modifiers, array.length, currPath);
            update(updateAt(array, point, value));
          } else {
            const idx = concreteIndex(BigInt(matched), token.modifiers, array.length, currPath);
            obj = array[idx] ?? null;
            // go-patch keeps the previous setter here ("matching item can only be a map"); so do we.
          }
          break;
        }

        case 'key': {
          const map = expectMap(obj, currPath);
          const key = token.key;
          const found = map.has(key);
          if (!found && !token.optional) throw new OpMissingMapKeyError(key, currPath(), map);
          if (isLast) {
            map.set(key, value);
            break;
          }
          update = (newObj) => {
            map.set(key, newObj);
          };
          if (found) {
            obj = map.get(key) ?? null;
            break;
          }
          // Create the missing container according to the next token.
          const next = tokens[i + 1]?.kind;
          if (next === 'after-last-index' || next === 'matching-index') obj = [];
          else if (next === 'key') obj = new Map();
          else {
            const at = this.path.prefix(i + 2).toString();
            throw new Error(`Expected to find key, matching index or after last index token at path '${at}'`);
          }
          map.set(key, obj);
          break;
        }

        case 'root':
          throw new OpUnexpectedTokenError(token, currPath());
      }
    }

    return result;
  }
}
