import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { wrapError } from '../../base/errors.js';
import { ioError } from '../fs/go-os-error.js';

/**
 * bosh-utils crypto digests: `sha1` (written without prefix), `sha256:<hex>`, `sha512:<hex>`, and `;`-joined lists
 * verified with the strongest member. Texts of errors are bosh-utils' own.
 */
export class Digest {
  constructor(
    readonly algorithm: string,
    readonly hex: string,
  ) {}

  toString(): string {
    return this.algorithm === 'sha1' ? this.hex : `${this.algorithm}:${this.hex}`;
  }
}

/** Checks streamed bytes against a digest: feed every chunk to `update`, then call `verify`. */
export interface DigestVerifier {
  update(chunk: Uint8Array): void;
  /** Throws `Expected stream to have digest '<want>' but was '<got>'` on a mismatch. */
  verify(): void;
}

const KNOWN_ALGORITHMS = new Set(['sha1', 'sha256', 'sha512']);
const PREFERENCE = ['sha512', 'sha256', 'sha1'];
const ALPHANUMERIC = /^[a-zA-Z\p{Nd}]+$/u;

export class MultipleDigest {
  constructor(readonly digests: readonly Digest[]) {}

  toString(): string {
    return this.digests.map((d) => d.toString()).join(';');
  }

  strongest(): Digest {
    for (const algorithm of PREFERENCE) {
      const found = this.digests.find((d) => d.algorithm === algorithm);
      if (found) return found;
    }
    const first = this.digests[0];
    if (!first) throw new Error('no digests have been provided');
    return first;
  }

  /** A verifier for the strongest digest. An unknown algorithm fails only at `verify`, as bosh's Verify does. */
  verifier(): DigestVerifier {
    const want = this.strongest();
    if (!KNOWN_ALGORITHMS.has(want.algorithm)) {
      return {
        update: () => undefined,
        verify: () => {
          throw wrapError(
            new Error(`Unable to create digest of unknown algorithm '${want.algorithm}'`),
            'Computing digest from stream',
          );
        },
      };
    }
    const hash = createHash(want.algorithm);
    return {
      update: (chunk) => hash.update(chunk),
      verify: () => {
        const got = new Digest(want.algorithm, hash.digest('hex')).toString();
        if (got !== want.toString()) {
          throw new Error(`Expected stream to have digest '${want.toString()}' but was '${got}'`);
        }
      },
    };
  }
}

/** bosh-utils ParseMultipleDigest (surrounding double quotes are dropped, as its JSON unmarshalling does). */
export function parseMultipleDigest(text: string): MultipleDigest {
  const unquoted = text.replace(/^"/, '').replace(/"$/, '');
  const digests: Digest[] = [];
  for (const piece of unquoted.split(';')) {
    if (piece === '') continue;
    const colon = piece.indexOf(':');
    const parts = colon < 0 ? [piece] : [piece.slice(0, colon), piece.slice(colon + 1)];
    if (!parts.every((p) => ALPHANUMERIC.test(p))) {
      throw new Error(
        'unable to parse digest string. Digest and algorithm key can only contain alpha-numeric characters',
      );
    }
    const [algorithm, hex] = parts.length === 1 ? ['sha1', piece] : (parts as [string, string]);
    digests.push(new Digest(algorithm, hex));
  }
  if (digests.length === 0) {
    throw new Error('no digest algorithm found. Supported algorithms: sha1, sha256, sha512');
  }
  const multiple = new MultipleDigest(digests);
  const seen = new Set<string>();
  for (const digest of digests) {
    if (seen.has(digest.algorithm)) {
      throw new Error(
        `Multiple digests of the same algorithm '${digest.algorithm}' found in digests '${multiple.toString()}'`,
      );
    }
    seen.add(digest.algorithm);
  }
  return multiple;
}

/** Streams a file through `hashes` (e.g. one sha256), rejecting with Go's `open <path>: ...` text. */
export async function hashFile(path: string, hashes: readonly Hash[]): Promise<void> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream) {
      for (const hash of hashes) hash.update(chunk as Buffer);
    }
  } catch (e) {
    throw ioError(path, e);
  }
}

/** `sha256:<hex>` of a file, the digest bosh-cli 7 creates for archives and blobs. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await hashFile(path, [hash]);
  return `sha256:${hash.digest('hex')}`;
}

/** bosh-utils MultipleDigest.VerifyFilePath: `calculating digest of '<path>'` when the file cannot be read. */
export async function verifyFileDigest(path: string, digest: MultipleDigest): Promise<void> {
  const verifier = digest.verifier();
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream) verifier.update(chunk as Buffer);
  } catch (e) {
    throw wrapError(ioError(path, e), `calculating digest of '${path}'`);
  }
  verifier.verify();
}
