import { checkPrimeSync, createPrivateKey, generatePrimeSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isProbablePrime, searchPrime } from './prime-search.js';
import { PUBLIC_EXPONENT, generateRsaKey, modInverse, rsaKeyFromPrimes } from './rsa-keygen.js';

const prime = (bits: number) => generatePrimeSync(bits, { bigint: true });

describe('rsaKeyFromPrimes', () => {
  it('builds a PKCS#1-exportable key of the exact size that signs and verifies', () => {
    let key = undefined;
    while (!key) key = rsaKeyFromPrimes(prime(1024), prime(1024), 2048);
    expect(key.privateKey.asymmetricKeyDetails).toEqual({ modulusLength: 2048, publicExponent: 65537n });
    const reimported = createPrivateKey(key.privateKey.export({ type: 'pkcs1', format: 'pem' }));
    const signature = sign('sha256', Buffer.from('x'), reimported);
    expect(verify('sha256', Buffer.from('x'), key.publicKey, signature)).toBe(true);
    const jwk = key.privateKey.export({ format: 'jwk' });
    expect(BigInt('0x' + Buffer.from(jwk.n ?? '', 'base64url').toString('hex'))).toBe(key.modulus);
    const [p, q] = [jwk.p, jwk.q].map((v) =>
      BigInt('0x' + Buffer.from(v ?? '', 'base64url').toString('hex')),
    );
    expect(p !== undefined && q !== undefined && p > q).toBe(true);
  });

  it('discards pairs that are equal, too close, or give a modulus of the wrong size', () => {
    const p = prime(1024);
    expect(rsaKeyFromPrimes(p, p, 2048)).toBeUndefined();
    let q = p + 2n;
    while (!checkPrimeSync(q)) q += 2n;
    expect(rsaKeyFromPrimes(p, q, 2048)).toBeUndefined();
    expect(rsaKeyFromPrimes(prime(1024), prime(1000), 2048)).toBeUndefined();
  });
});

describe('modInverse', () => {
  it('inverts modulo m and reports non-coprime inputs', () => {
    expect(modInverse(3n, 11n)).toBe(4n);
    expect(modInverse(PUBLIC_EXPONENT, 65537n * 2n)).toBeUndefined();
    const m = prime(512) - 1n;
    const inv = modInverse(PUBLIC_EXPONENT, m);
    if (inv !== undefined) expect((inv * PUBLIC_EXPONENT) % m).toBe(1n);
  });
});

describe('isProbablePrime', () => {
  it('agrees with OpenSSL on primes, products of primes, squares and random odd numbers', () => {
    const p = prime(768);
    const q = prime(768);
    expect(isProbablePrime(p, 8)).toBe(true);
    expect(isProbablePrime(p * q, 8)).toBe(false);
    expect(isProbablePrime(p * p, 8)).toBe(false);
    // (6k+1)(12k+1)(18k+1) with all three factors prime is a Carmichael number, which fools a Fermat test.
    const k = 2n ** 200n + 355274n;
    const factors = [6n * k + 1n, 12n * k + 1n, 18n * k + 1n];
    expect(factors.every((f) => checkPrimeSync(f))).toBe(true);
    expect(
      isProbablePrime(
        factors.reduce((a, b) => a * b),
        8,
      ),
    ).toBe(false);
    for (let i = 0; i < 200; i++) {
      const n =
        (BigInt('0x' + Buffer.from(generatePrimeSync(64)).toString('hex')) << 600n) + BigInt(2 * i + 1);
      expect(isProbablePrime(n, 8)).toBe(checkPrimeSync(n));
    }
  });
});

describe('searchPrime', () => {
  it('finds primes of exactly the size, top two bits set, usable with e = 65537', async () => {
    for (const bits of [1024, 1536]) {
      const p = await searchPrime(bits);
      expect(checkPrimeSync(p)).toBe(true);
      expect(p >> BigInt(bits - 2)).toBe(3n);
      expect(p % PUBLIC_EXPONENT).not.toBe(1n);
    }
  });

  it('stops when the key it was for is abandoned', async () => {
    await expect(searchPrime(1536, () => true)).rejects.toThrow('key generation cancelled');
  });
});

describe('generateRsaKey', () => {
  it('uses the prime source it is given and rejects unusable sizes', async () => {
    const primes = [prime(1024), prime(1024)];
    const asked: number[] = [];
    const key = await generateRsaKey(2048, (bits) => {
      asked.push(bits);
      const p = primes.shift();
      return p === undefined ? Promise.reject(new Error('out of primes')) : Promise.resolve(p);
    });
    expect(asked).toEqual([1024, 1024]);
    expect(key.bits).toBe(2048);
    await expect(generateRsaKey(1000)).rejects.toThrow('unsupported RSA key size 1000');
  });

  it('skips primes p with p ≡ 1 (mod e)', async () => {
    const top = 3n << 1022n;
    let candidate = top - (top % PUBLIC_EXPONENT) + PUBLIC_EXPONENT + 1n;
    while (!checkPrimeSync(candidate)) candidate += 2n * PUBLIC_EXPONENT;
    const [p, q] = [prime(1024), prime(1024)];
    const primes = [candidate, p, q];
    const key = await generateRsaKey(2048, () => {
      const next = primes.shift();
      return next === undefined ? Promise.reject(new Error('out of primes')) : Promise.resolve(next);
    });
    expect(key.modulus).toBe(p * q);
  });
});
