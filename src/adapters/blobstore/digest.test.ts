import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorChainMessage } from '../../base/errors.js';
import { parseMultipleDigest, sha256File, verifyFileDigest } from './digest.js';

/** bosh-utils digest strings (README §9): forms, strongest-wins verification, and every error text. */

const hex = (algorithm: string, content: string): string =>
  createHash(algorithm).update(content).digest('hex');
const SHA1 = hex('sha1', 'blob');
const SHA256 = hex('sha256', 'blob');
const SHA512 = hex('sha512', 'blob');

function verify(digest: string, content: string): void {
  const verifier = parseMultipleDigest(digest).verifier();
  verifier.update(Buffer.from(content));
  verifier.verify();
}

describe('parsing', () => {
  it.each([
    [SHA1, 'sha1', SHA1],
    [`sha1:${SHA1}`, 'sha1', SHA1],
    [`sha256:${SHA256}`, 'sha256', `sha256:${SHA256}`],
    [`sha512:${SHA512}`, 'sha512', `sha512:${SHA512}`],
    [`${SHA1};sha256:${SHA256}`, 'sha256', `sha256:${SHA256}`],
    [`sha512:${SHA512};sha256:${SHA256};${SHA1}`, 'sha512', `sha512:${SHA512}`],
    [`"sha256:${SHA256}"`, 'sha256', `sha256:${SHA256}`],
    [`;sha256:${SHA256};`, 'sha256', `sha256:${SHA256}`],
  ])('%s: strongest is %s', (text, algorithm, shown) => {
    const digest = parseMultipleDigest(text);
    expect(digest.strongest().algorithm).toBe(algorithm);
    expect(digest.strongest().toString()).toBe(shown);
  });

  it('prints a list back as given, sha1 without prefix', () => {
    expect(parseMultipleDigest(`sha1:${SHA1};sha256:${SHA256}`).toString()).toBe(`${SHA1};sha256:${SHA256}`);
  });

  it.each([
    ['', 'no digest algorithm found. Supported algorithms: sha1, sha256, sha512'],
    [';', 'no digest algorithm found. Supported algorithms: sha1, sha256, sha512'],
    [
      'sha256:',
      'unable to parse digest string. Digest and algorithm key can only contain alpha-numeric characters',
    ],
    [
      'sha256:ab-cd',
      'unable to parse digest string. Digest and algorithm key can only contain alpha-numeric characters',
    ],
    [
      'sha256:a:b',
      'unable to parse digest string. Digest and algorithm key can only contain alpha-numeric characters',
    ],
    [
      ':abc',
      'unable to parse digest string. Digest and algorithm key can only contain alpha-numeric characters',
    ],
    [
      'sha256:aa;sha256:bb',
      "Multiple digests of the same algorithm 'sha256' found in digests 'sha256:aa;sha256:bb'",
    ],
    ['aa;sha1:bb', "Multiple digests of the same algorithm 'sha1' found in digests 'aa;bb'"],
  ])('%j fails', (text, message) => {
    expect(() => parseMultipleDigest(text)).toThrow(message);
  });
});

describe('verifying', () => {
  it.each([SHA1, `sha256:${SHA256}`, `sha512:${SHA512}`, `${SHA1};sha256:${SHA256}`])(
    '%s matches',
    (digest) => {
      expect(() => {
        verify(digest, 'blob');
      }).not.toThrow();
    },
  );

  it.each([
    [SHA1, `Expected stream to have digest '${SHA1}' but was '${hex('sha1', 'other')}'`],
    [
      `sha256:${SHA256}`,
      `Expected stream to have digest 'sha256:${SHA256}' but was 'sha256:${hex('sha256', 'other')}'`,
    ],
    [
      `sha512:${SHA512}`,
      `Expected stream to have digest 'sha512:${SHA512}' but was 'sha512:${hex('sha512', 'other')}'`,
    ],
  ])('%s reports a mismatch', (digest, message) => {
    expect(() => {
      verify(digest, 'other');
    }).toThrow(message);
  });

  it('checks only the strongest digest of a list', () => {
    expect(() => {
      verify(`${'0'.repeat(40)};sha256:${SHA256}`, 'blob');
    }).not.toThrow();
    expect(() => {
      verify(`${SHA1};sha256:${'0'.repeat(64)}`, 'blob');
    }).toThrow(`Expected stream to have digest 'sha256:${'0'.repeat(64)}' but was 'sha256:${SHA256}'`);
  });

  it('compares hex as text, as bosh does (upper case does not match)', () => {
    expect(() => {
      verify(`sha256:${SHA256.toUpperCase()}`, 'blob');
    }).toThrow('Expected stream to have digest');
  });

  it('fails on an unknown algorithm when verifying', () => {
    const verifier = parseMultipleDigest('md5:abc').verifier();
    verifier.update(Buffer.from('blob'));
    let error: unknown;
    try {
      verifier.verify();
    } catch (e) {
      error = e;
    }
    expect(errorChainMessage(error as Error)).toBe(
      "Computing digest from stream: Unable to create digest of unknown algorithm 'md5'",
    );
  });
});

describe('files', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'bosh-ts-digest-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('digests and verifies a file', async () => {
    const path = join(work, 'blob');
    await writeFile(path, 'blob');
    expect(await sha256File(path)).toBe(`sha256:${SHA256}`);
    await expect(verifyFileDigest(path, parseMultipleDigest(SHA1))).resolves.toBeUndefined();
    await expect(verifyFileDigest(path, parseMultipleDigest(`sha256:${'1'.repeat(64)}`))).rejects.toThrow(
      `Expected stream to have digest 'sha256:${'1'.repeat(64)}' but was 'sha256:${SHA256}'`,
    );
  });

  it('names a file it cannot read', async () => {
    const path = join(work, 'missing');
    const error = await verifyFileDigest(path, parseMultipleDigest(SHA1)).catch((e: unknown) => e as Error);
    expect(errorChainMessage(error as Error)).toBe(
      `calculating digest of '${path}': open ${path}: no such file or directory`,
    );
    await expect(sha256File(work)).rejects.toThrow(`read ${work}: is a directory`);
  });
});
