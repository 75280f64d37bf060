/**
 * Resolving index tokens against an array (`patch/array_index.go`, `patch/array_insertion.go`) and finding the
 * items a `key=value` token matches.
 */
import type { YamlValue } from '../../../base/yaml/value.js';
import { OpMissingIndexError } from './op-errors.js';
import type { Pointer } from './pointer.js';
import { MODIFIER_GO_TYPES, type Modifier } from './tokens.js';

/** Go `int` arithmetic wraps at 64 bits. */
const int64 = (n: bigint): bigint => BigInt.asIntN(64, n);

/**
 * `ArrayIndex.Concrete`: applies `:prev`/`:next`, allows negative indexes from the end, and returns a valid
 * position in an array of `length` items. `path` is only used for the error.
 */
export function concreteIndex(
  index: bigint,
  modifiers: readonly Modifier[],
  length: number,
  path: () => Pointer,
): number {
  let result = index;
  for (const modifier of modifiers) {
    if (modifier === 'prev') result = int64(result - 1n);
    else if (modifier === 'next') result = int64(result + 1n);
    else {
      throw new Error(
        "Expected to find one of the following modifiers: 'prev', 'next', " +
          `but found modifier '${MODIFIER_GO_TYPES[modifier]}'`,
      );
    }
  }
  const len = BigInt(length);
  if (result >= len || int64(int64(-result) - 1n) >= len)
    throw new OpMissingIndexError(result, length, path());
  return Number(result < 0n ? len + result : result);
}

export interface InsertionPoint {
  readonly index: number;
  /** True for `:before`/`:after`: the value goes in between; otherwise it replaces the item at `index`. */
  readonly insert: boolean;
}

/** `ArrayInsertion.Concrete`: like `concreteIndex`, plus a trailing `:before` or `:after`. */
export function concreteInsertion(
  index: bigint,
  modifiers: readonly Modifier[],
  length: number,
  path: () => Pointer,
): InsertionPoint {
  const shifts: Modifier[] = [];
  let position: 'before' | 'after' | undefined;
  for (const modifier of modifiers) {
    if (position !== undefined) {
      throw new Error(
        `Expected to not find any modifiers after '${position}' modifier, ` +
          `but found modifier '${MODIFIER_GO_TYPES[modifier]}'`,
      );
    }
    if (modifier === 'before' || modifier === 'after') position = modifier;
    else shifts.push(modifier);
  }
  let num = concreteIndex(index, shifts, length, path);
  if (position === 'after' && num !== length) num += 1;
  return { index: num, insert: position !== undefined };
}

/** Puts `value` at the insertion point, in place, and returns the same array. */
export function updateAt(array: YamlValue[], point: InsertionPoint, value: YamlValue): YamlValue[] {
  if (point.insert) array.splice(point.index, 0, value);
  else array[point.index] = value;
  return array;
}

/** Indexes of the items that are maps whose string key `key` holds exactly the string `value`. */
export function matchingIndexes(array: readonly YamlValue[], key: string, value: string): number[] {
  const found: number[] = [];
  array.forEach((item, i) => {
    if (item instanceof Map && item.get(key) === value) found.push(i);
  });
  return found;
}
