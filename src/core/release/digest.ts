import { createHash } from 'node:crypto';
import { WrappedError } from '../../base/errors.js';

/**
 * Digest strings as bosh-utils' crypto.MultipleDigest reads them (README §9): `<40 hex>` is a legacy SHA-1,
 * `sha256:<hex>` and `sha512:<hex>` name their algorithm, and `;` joins several, of which the strongest is
 * verified. Unknown algorithms parse but cannot verify. Error texts are bosh-utils' in bosh-cli 7.9.13.
 */
export interface Digest {
  /** `sha1`, `sha256`, `sha512`, or an unknown name. */
  readonly algorithm: string;
  readonly hex: string;
}

const STRENGTH = ['sha512', 'sha256', 'sha1'];

/** A digest as bosh writes it: SHA-1 bare, the others prefixed. */
export function digestString(d: Digest): string {
  return d.algorithm === 'sha1' ? d.hex : `${d.algorithm}:${d.hex}`;
}

export function multipleDigestString(ds: readonly Digest[]): string {
  return ds.map(digestString).join(';');
}

/** ParseMultipleDigest: one or more `;`-separated digests, empty pieces skipped, one per algorithm. */
export function parseMultipleDigest(text: string): Digest[] {
  const unquoted = text.replace(/^"/, '').replace(/"$/, '');
  const digests: Digest[] = [];
  for (const piece of unquoted.split(';')) {
    if (piece === '') continue;
    const parts = splitOnce(piece);
    if (!parts.every(isAlphanumeric)) {
      throw new Error(
        'Unable to parse digest string. Digest and algorithm key can only contain alpha-numeric characters.',
      );
    }
    const [algorithm, hex] = parts.length === 1 ? ['sha1', parts[0] as string] : (parts as [string, string]);
    digests.push({ algorithm, hex });
  }
  if (digests.length === 0)
    throw new Error('No digest algorithm found. Supported algorithms: sha1, sha256, sha512');
  const seen = new Set<string>();
  for (const d of digests) {
    if (seen.has(d.algorithm)) {
      throw new Error(
        `Multiple digests of the same algorithm '${d.algorithm}' found in digests '${multipleDigestString(digests)}'`,
      );
    }
    seen.add(d.algorithm);
  }
  return digests;
}

function splitOnce(s: string): string[] {
  const i = s.indexOf(':');
  return i < 0 ? [s] : [s.slice(0, i), s.slice(i + 1)];
}

/** Letters a-z/A-Z and Unicode decimal digits (Go's unicode.IsDigit); never empty. */
function isAlphanumeric(s: string): boolean {
  return /^[a-zA-Z\p{Nd}]+$/u.test(s);
}

/** sha512, then sha256, then sha1; else the first. */
export function strongestDigest(ds: readonly Digest[]): Digest {
  for (const algorithm of STRENGTH) {
    const d = ds.find((x) => x.algorithm === algorithm);
    if (d !== undefined) return d;
  }
  const first = ds[0];
  if (first === undefined) throw new Error('Expected to find at least one digest');
  return first;
}

/** Computes `algorithm` over `data` (sha1, sha256 or sha512). */
export function computeDigest(algorithm: string, data: Uint8Array): Digest {
  if (!STRENGTH.includes(algorithm)) {
    const cause = new Error(`Unable to create digest of unknown algorithm '${algorithm}'`);
    throw new WrappedError('Computing digest from stream', cause);
  }
  return { algorithm, hex: createHash(algorithm).update(data).digest('hex') };
}

/**
 * MultipleDigest.Verify: checks the strongest digest. `content` is the data, or a function giving the hex
 * digest of it for an algorithm (so callers can hash a stream).
 */
export function verifyDigest(
  expected: string | readonly Digest[],
  content: Uint8Array | ((algorithm: string) => string),
): void {
  const ds = typeof expected === 'string' ? parseMultipleDigest(expected) : expected;
  const want = strongestDigest(ds);
  const got: Digest =
    typeof content === 'function'
      ? { algorithm: want.algorithm, hex: hexOf(content, want.algorithm) }
      : computeDigest(want.algorithm, content);
  if (digestString(got) !== digestString(want)) {
    throw new Error(`Expected stream to have digest '${digestString(want)}' but was '${digestString(got)}'`);
  }
}

function hexOf(fn: (algorithm: string) => string, algorithm: string): string {
  if (!STRENGTH.includes(algorithm)) computeDigest(algorithm, new Uint8Array());
  return fn(algorithm);
}

/** `sha256:<hex>`, the form bosh-cli 7.9.13 records for new archives and blobs. */
export function sha256DigestString(data: Uint8Array): string {
  return digestString(computeDigest('sha256', data));
}
