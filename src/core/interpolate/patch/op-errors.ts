/**
 * The typed errors of go-patch (`patch/errs.go`). The test op tells "missing" from other failures by type.
 */
import { compareGoStrings } from '../../../base/go-string.js';
import { goTypeName, type YamlMap, type YamlValue } from '../../../base/yaml/value.js';
import type { Pointer } from './pointer.js';
import { TOKEN_GO_TYPES, type Token } from './tokens.js';

/** `Expected to find a map|an array at path '%s' but found '%T'`. */
export class OpMismatchTypeError extends Error {
  constructor(
    readonly expected: 'a map' | 'an array',
    readonly path: Pointer,
    readonly found: YamlValue,
  ) {
    super(`Expected to find ${expected} at path '${path.toString()}' but found '${goTypeName(found)}'`);
    this.name = 'OpMismatchTypeError';
  }
}

/** A map key that is not there; lists the map's other string keys, sorted. */
export class OpMissingMapKeyError extends Error {
  constructor(
    readonly key: string,
    readonly path: Pointer,
    map: YamlMap,
  ) {
    super(`Expected to find a map key '${key}' for path '${path.toString()}' (${siblingKeys(map)})`);
    this.name = 'OpMissingMapKeyError';
  }
}

/** An array index out of range (after `:prev`/`:next` were applied). */
export class OpMissingIndexError extends Error {
  constructor(
    readonly index: bigint,
    readonly length: number,
    readonly path: Pointer,
  ) {
    super(
      `Expected to find array index '${index}' but found array of length '${length}' ` +
        `for path '${path.toString()}'`,
    );
    this.name = 'OpMissingIndexError';
  }
}

/** A `key=value` token that matched zero or several items. */
export class OpMultipleMatchingIndexError extends Error {
  constructor(
    readonly path: Pointer,
    readonly count: number,
  ) {
    super(
      `Expected to find exactly one matching array item for path '${path.toString()}' but found ${count}`,
    );
    this.name = 'OpMultipleMatchingIndexError';
  }
}

/** A token an operation cannot handle (only a root token in the middle of a hand-built pointer). */
export class OpUnexpectedTokenError extends Error {
  constructor(
    readonly token: Token,
    readonly path: Pointer,
  ) {
    super(`Expected to not find token '${TOKEN_GO_TYPES[token.kind]}' at path '${path.toString()}'`);
    this.name = 'OpUnexpectedTokenError';
  }
}

function siblingKeys(map: YamlMap): string {
  if (map.size === 0) return 'found no other map keys';
  const keys: string[] = [];
  for (const key of map.keys()) if (typeof key === 'string') keys.push(key);
  keys.sort(compareGoStrings);
  return "found map keys: '" + keys.join("', '") + "'";
}

/** The array at `path`, or the mismatch error go-patch reports. */
export function expectArray(obj: YamlValue, path: () => Pointer): YamlValue[] {
  if (Array.isArray(obj)) return obj;
  throw new OpMismatchTypeError('an array', path(), obj);
}

/** The map at `path`, or the mismatch error go-patch reports. */
export function expectMap(obj: YamlValue, path: () => Pointer): YamlMap {
  if (obj instanceof Map) return obj;
  throw new OpMismatchTypeError('a map', path(), obj);
}
