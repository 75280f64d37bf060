import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { errorChainMessage } from '../../base/errors.js';
import { parseMultipleDigest, sha256DigestString, strongestDigest, verifyDigest } from './digest.js';
import { findDependencyCycle, sortPackagesByDependencies } from './package-sort.js';

const failure = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return errorChainMessage(e as Error);
  }
  return 'no error';
};
const data = new TextEncoder().encode('hello');
const hex = (alg: string) => createHash(alg).update(data).digest('hex');

describe('digests (README §9)', () => {
  it.each([
    [hex('sha1'), 'sha1'],
    [`sha256:${hex('sha256')}`, 'sha256'],
    [`sha512:${hex('sha512')}`, 'sha512'],
    [`${hex('sha1')};sha256:${hex('sha256')}`, 'sha256'],
    [`sha256:${hex('sha256')};sha512:${hex('sha512')};`, 'sha512'],
    [`"sha256:${hex('sha256')}"`, 'sha256'],
  ])('verifies %s with %s', (text, algorithm) => {
    expect(strongestDigest(parseMultipleDigest(text)).algorithm).toBe(algorithm);
    expect(() => {
      verifyDigest(text, data);
    }).not.toThrow();
    expect(() => {
      verifyDigest(text, (alg) => hex(alg));
    }).not.toThrow();
  });

  it('fails on a mismatch with the recorded text', () => {
    const zero = 'sha256:' + '0'.repeat(64);
    expect(
      failure(() => {
        verifyDigest(zero, data);
      }),
    ).toBe(`Expected stream to have digest '${zero}' but was 'sha256:${hex('sha256')}'`);
    expect(
      failure(() => {
        verifyDigest('a'.repeat(40), data);
      }),
    ).toBe(`Expected stream to have digest '${'a'.repeat(40)}' but was '${hex('sha1')}'`);
  });

  it.each([
    ['', 'No digest algorithm found. Supported algorithms: sha1, sha256, sha512'],
    [';', 'No digest algorithm found. Supported algorithms: sha1, sha256, sha512'],
    [
      'sha256:ab-cd',
      'Unable to parse digest string. Digest and algorithm key can only contain alpha-numeric characters.',
    ],
    [
      'sha256:',
      'Unable to parse digest string. Digest and algorithm key can only contain alpha-numeric characters.',
    ],
    ['sha1:ab;ab', "Multiple digests of the same algorithm 'sha1' found in digests 'ab;ab'"],
  ])('rejects %j', (text, want) => {
    expect(failure(() => parseMultipleDigest(text))).toBe(want);
  });

  it('cannot verify an unknown algorithm', () => {
    expect(
      failure(() => {
        verifyDigest('md5:abc', data);
      }),
    ).toBe("Computing digest from stream: Unable to create digest of unknown algorithm 'md5'");
  });

  it('writes new digests as sha256:<hex>', () => {
    expect(sha256DigestString(data)).toBe(`sha256:${hex('sha256')}`);
  });
});

describe('package order by dependencies', () => {
  const pkg = (name: string, ...dependencies: string[]) => ({ name, dependencies });

  it('puts every package after its dependencies', () => {
    const sorted = sortPackagesByDependencies([pkg('a', 'b'), pkg('b', 'c'), pkg('c'), pkg('d', 'c')]);
    expect(sorted.map((p) => p.name)).toEqual(['c', 'b', 'd', 'a']);
  });

  it('fails on a cycle, as compilation does (create-release accepts it, README §15.1)', () => {
    const cycle = [pkg('a', 'b'), pkg('b', 'c'), pkg('c', 'a')];
    expect(failure(() => sortPackagesByDependencies(cycle))).toBe(
      'Circular dependency detected while sorting packages',
    );
    expect(findDependencyCycle(cycle)).toEqual(['a', 'b', 'c', 'a']);
    expect(findDependencyCycle([pkg('x', 'x')])).toEqual(['x', 'x']);
    expect(findDependencyCycle([pkg('a', 'b'), pkg('b'), pkg('c', 'a', 'b')])).toBeUndefined();
  });

  it('ignores dependencies outside the list', () => {
    expect(sortPackagesByDependencies([pkg('a', 'zzz')]).map((p) => p.name)).toEqual(['a']);
  });
});
