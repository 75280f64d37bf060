import { parseMultipleDigest } from '../../adapters/blobstore/digest.js';
import { mismatch, type At } from '../../protocol/agent.js';
import { str } from '../../protocol/agent.js';

/** A MultipleDigest argument: a string, parsed (and refused) as the agent's JSON decoding does. */
export function digestArg(v: unknown, at: At): string {
  return parseMultipleDigest(str(v, at)).toString();
}

/**
 * Go matches JSON keys to struct fields case-insensitively (an exact match first): a field without a tag, or a
 * tag in another case than the director sends, still receives the value.
 */
export function fieldOf(o: Readonly<Record<string, unknown>>, name: string): unknown {
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  const key = Object.keys(o).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : o[key];
}

/** A `uint64`: null leaves 0; a negative, fractional or too large number is refused as encoding/json does. */
export function uint64(v: unknown, at: At): bigint {
  if (v === null || v === undefined) return 0n;
  if (typeof v !== 'number') throw mismatch(v, at, 'uint64');
  if (!Number.isInteger(v) || v < 0 || v >= 2 ** 64) {
    throw mismatch(v, at, 'uint64', `number ${String(v)}`);
  }
  return BigInt(v);
}
