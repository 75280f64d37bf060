import { compareGoStrings } from '../../base/go-string.js';

export { compareGoStrings };

/** A sorted copy, in Go's `sort.Strings` order. */
export function sortGoStrings(items: Iterable<string>): string[] {
  return [...items].sort(compareGoStrings);
}
