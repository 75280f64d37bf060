/**
 * The director's `Redactor#redact_properties!`, applied in place to a copy:
 * - every value under a `properties` or `bosh` key whose value is a Hash becomes `<redacted>` (recursively;
 *   the collections stay, their scalar leaves change), wherever it sits, except below an Array that is itself
 *   directly in an Array (Ruby only follows such an inner Array's last element);
 * - credentials in top-level `releases[].url` become `<redacted>`.
 */
import { parseUserinfo } from './ruby-uri.js';
import { hashGet, hashKeys, hashSet, isHash, rbIndex } from './rb-value.js';

export const REDACTED = '<redacted>';
const REDACT_KEYS = new Set<unknown>(['properties', 'bosh']);

function redactValues(v: unknown): void {
  if (isHash(v)) {
    for (const k of hashKeys(v)) {
      const child = hashGet(v, k);
      if (isHash(child) || Array.isArray(child)) redactValues(child);
      else hashSet(v, k, REDACTED);
    }
  } else if (Array.isArray(v)) {
    const xs = v as unknown[];
    xs.forEach((child, i) => {
      if (isHash(child) || Array.isArray(child)) redactValues(child);
      else xs[i] = REDACTED;
    });
  }
}

function redactKnownKeys(v: unknown): void {
  if (isHash(v)) {
    for (const k of hashKeys(v)) {
      const child = hashGet(v, k);
      if (REDACT_KEYS.has(k) && isHash(child)) redactValues(child);
      else redactKnownKeys(child);
    }
  } else if (Array.isArray(v)) {
    // Ruby recurses into `item.last` for items that respond to `last`: nested Arrays.
    for (const item of v as unknown[])
      redactKnownKeys(Array.isArray(item) ? (item as unknown[]).at(-1) : item);
  }
}

/** `Redactor#redact_basic_auth!`: `url.sub!(user, …)` then `url.sub!(password, …)` (first occurrences). */
export function redactBasicAuth(url: string): string {
  const info = parseUserinfo(url);
  if (!info) return url;
  let out = url;
  if (info.user !== null) out = out.replace(info.user, () => REDACTED);
  if (info.password !== null) out = out.replace(info.password, () => REDACTED);
  return out;
}

function redactReleaseUrls(v: unknown): void {
  const releases = isHash(v) ? hashGet(v, 'releases') : undefined;
  if (!Array.isArray(releases)) return;
  for (const release of releases as unknown[]) {
    const url = rbIndex(release, 'url');
    if (isHash(release) && typeof url === 'string') hashSet(release, 'url', redactBasicAuth(url));
  }
}

/** Mutates `copy` (a `deepCopy` of the user's value) the way `redact_properties!` mutates its Marshal copy. */
export function redactProperties(copy: unknown): unknown {
  redactKnownKeys(copy);
  redactReleaseUrls(copy);
  return copy;
}
