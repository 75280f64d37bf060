import { createPrivateKey, createPublicKey, generatePrime, sign, verify, type KeyObject } from 'node:crypto';
import { unsignedBytes } from './der.js';

/**
 * RSA key generation from two primes. `crypto.generateKeyPair` runs OpenSSL's FIPS 186-4 generator (auxiliary primes,
 * ~500 ms for 3072 bits), while `crypto.generatePrime` for each half is ~2.5x cheaper in total and runs on libuv's
 * thread pool, so both halves (and other keys) generate in parallel; prime-search.ts is a cheaper main-thread
 * source that works beside it (key-pool.ts schedules both). This module does the arithmetic of FIPS 186-5 A.1.3
 * (p, q, d, CRT values) and checks the result before handing it out.
 */

export const PUBLIC_EXPONENT = 65537n;

export interface RsaKey {
  readonly bits: number;
  readonly modulus: bigint;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** Where primes come from: OpenSSL by default; the key pool passes its scheduler. A source may poll `cancelled`. */
export type PrimeSource = (bits: number, cancelled?: () => boolean) => Promise<bigint>;

export const opensslPrime: PrimeSource = (bits) =>
  new Promise((resolve, reject) => {
    generatePrime(bits, { bigint: true }, (err, prime) => {
      if (err) reject(err);
      else resolve(prime);
    });
  });

export async function generateRsaKey(bits: number, primes: PrimeSource = opensslPrime): Promise<RsaKey> {
  if (bits % 2 !== 0 || bits < 1024) throw new Error(`unsupported RSA key size ${bits}`);
  for (;;) {
    const [p, q] = await Promise.all([usablePrime(bits / 2, primes), usablePrime(bits / 2, primes)]);
    const key = rsaKeyFromPrimes(p, q, bits);
    if (key) return key;
  }
}

/** A prime p with gcd(e, p - 1) = 1; e is prime, so only p ≡ 1 (mod e) is excluded. */
async function usablePrime(bits: number, primes: PrimeSource): Promise<bigint> {
  for (;;) {
    const p = await primes(bits);
    if (p % PUBLIC_EXPONENT !== 1n) return p;
  }
}

/** Assembles and checks the key, or returns undefined when this pair must be discarded (FIPS 186-5 A.1.3). */
export function rsaKeyFromPrimes(p1: bigint, q1: bigint, bits: number): RsaKey | undefined {
  const [p, q] = p1 > q1 ? [p1, q1] : [q1, p1];
  const n = p * q;
  if (n.toString(2).length !== bits) return undefined;
  // |p - q| must exceed 2^(nlen/2 - 100), or Fermat factoring gets a foothold.
  if (p - q <= 1n << BigInt(bits / 2 - 100)) return undefined;
  const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
  const d = modInverse(PUBLIC_EXPONENT, lambda);
  if (d === undefined || d <= 1n << BigInt(bits / 2)) return undefined;
  const dp = d % (p - 1n);
  const dq = d % (q - 1n);
  const qi = modInverse(q, p);
  if (qi === undefined) return undefined;
  const b64 = (v: bigint) => unsignedBytes(v).toString('base64url');
  const privateKey = createPrivateKey({
    key: {
      kty: 'RSA',
      n: b64(n),
      e: b64(PUBLIC_EXPONENT),
      d: b64(d),
      p: b64(p),
      q: b64(q),
      dp: b64(dp),
      dq: b64(dq),
      qi: b64(qi),
    },
    format: 'jwk',
  });
  const key: RsaKey = { bits, modulus: n, privateKey, publicKey: createPublicKey(privateKey) };
  selfTest(key, { p, q, d });
  return key;
}

const PROBE = Buffer.from('bosh-ts rsa key self-test');

/**
 * The arithmetic is re-checked independently (e·d ≡ 1 modulo p-1 and q-1 is what makes RSA invert), then
 * OpenSSL's view of the key and a sign/verify round trip, so a bug here can never end up in a vars store.
 */
function selfTest(key: RsaKey, parts: { p: bigint; q: bigint; d: bigint }): void {
  const { p, q, d } = parts;
  const details = key.privateKey.asymmetricKeyDetails;
  const ok =
    (PUBLIC_EXPONENT * d) % (p - 1n) === 1n &&
    (PUBLIC_EXPONENT * d) % (q - 1n) === 1n &&
    details?.modulusLength === key.bits &&
    details.publicExponent === PUBLIC_EXPONENT &&
    verify('sha256', PROBE, key.publicKey, sign('sha256', PROBE, key.privateKey));
  if (!ok) throw new Error('Generating Key: RSA key self-test failed');
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** a⁻¹ mod m by the extended Euclidean algorithm, or undefined when they are not coprime. */
export function modInverse(a: bigint, m: bigint): bigint | undefined {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  if (oldR !== 1n) return undefined;
  return ((oldS % m) + m) % m;
}
