import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { unsignedBytes } from './der.js';

/**
 * A prime search on the main thread, about twice as cheap in CPU as crypto.generatePrime: OpenSSL's primality
 * test always runs 64 Miller-Rabin rounds on the prime it finds (~50 ms of its ~115 ms for 1536 bits), while
 * FIPS 186-5 (table B.1) asks for 4 (1536 bits) or 5 (1024 bits) rounds on random candidates; we run 8.
 * Candidates are sieved with the odd primes below 2^16, then tested with random bases. Node has no modular
 * exponentiation API, but an RSA public-key operation without padding is exactly `base^exponent mod modulus`
 * in native code, so each round is one `publicEncrypt` with the candidate as modulus.
 * It runs beside the thread-pool `generatePrime` searches, so both cores of a 2-core machine work on primes.
 */

const SIEVE_BOUND = 1 << 16;
const WINDOW = 4096; // odd offsets per random start; a 1536-bit prime is expected within ~530 of them
const ROUNDS = 8;
const YIELD_EVERY_MS = 8;
const E = 65537;

/** Odd primes below the bound, grouped so that one bigint remainder per group yields each prime's remainder. */
const GROUPS: { product: bigint; primes: number[] }[] = buildGroups();

function buildGroups(): { product: bigint; primes: number[] }[] {
  const composite = new Uint8Array(SIEVE_BOUND);
  const groups: { product: bigint; primes: number[] }[] = [];
  let product = 1;
  let primes: number[] = [];
  for (let i = 3; i < SIEVE_BOUND; i += 2) {
    if (composite[i]) continue;
    for (let j = i * i; j < SIEVE_BOUND; j += 2 * i) composite[j] = 1;
    if (product * i > 2 ** 50) {
      groups.push({ product: BigInt(product), primes });
      [product, primes] = [1, []];
    }
    product *= i;
    primes.push(i);
  }
  groups.push({ product: BigInt(product), primes });
  return groups;
}

/**
 * A random prime of exactly `bits` bits with its top two bits set (so p·q has exactly twice the bits).
 * `cancelled` is polled whenever the search yields, so abandoned work stops within milliseconds.
 */
export async function searchPrime(bits: number, cancelled: () => boolean = () => false): Promise<bigint> {
  let lastYield = performance.now();
  for (;;) {
    if (cancelled()) throw new Error('key generation cancelled');
    const bytes = randomBytes(bits / 8);
    bytes[0] = (bytes[0] ?? 0) | 0xc0;
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) | 1;
    const start = BigInt('0x' + bytes.toString('hex'));
    const excluded = sieve(start);
    for (let k = 0; k < WINDOW; k++) {
      if (excluded[k]) continue;
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await yieldToEventLoop();
        if (cancelled()) break;
        lastYield = performance.now();
      }
      const candidate = start + 2n * BigInt(k);
      if (candidate.toString(2).length !== bits) break;
      if (isProbablePrime(candidate, ROUNDS)) return candidate;
    }
  }
}

/** Marks offsets k where start + 2k has a small factor, or is 1 mod e (then gcd(e, p - 1) ≠ 1). */
function sieve(start: bigint): Uint8Array {
  const excluded = new Uint8Array(WINDOW);
  const mark = (p: number, r: number, target: number) => {
    // start + 2k ≡ target (mod p)  ⇔  k ≡ (target - r) · 2⁻¹ (mod p), and 2⁻¹ = (p + 1) / 2 for odd p.
    let k = (((target - r + p) % p) * ((p + 1) / 2)) % p; // below 2^33: exact in a double
    for (; k < WINDOW; k += p) excluded[k] = 1;
  };
  for (const group of GROUPS) {
    const r = Number(start % group.product);
    for (const p of group.primes) mark(p, r % p, 0);
  }
  mark(E, Number(start % BigInt(E)), 1);
  return excluded;
}

/** Miller-Rabin with `rounds` random bases; the exponentiation runs natively through a raw RSA operation. */
export function isProbablePrime(n: bigint, rounds: number): boolean {
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  const size = unsignedBytes(n).length;
  const b64 = (v: bigint) => unsignedBytes(v).toString('base64url');
  const key = createPublicKey({ key: { kty: 'RSA', n: b64(n), e: b64(d) }, format: 'jwk' });
  for (let round = 0; round < rounds; round++) {
    const base = 2n + (BigInt('0x' + randomBytes(size + 8).toString('hex')) % (n - 3n));
    const baseBytes = unsignedBytes(base);
    const input = Buffer.alloc(size);
    baseBytes.copy(input, size - baseBytes.length);
    let x = BigInt('0x' + publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, input).toString('hex'));
    if (x === 1n || x === n - 1n) continue;
    let witness = true;
    for (let i = 1; i < s && witness; i++) {
      x = (x * x) % n;
      if (x === n - 1n) witness = false;
      else if (x === 1n) break;
    }
    if (witness) return false;
  }
  return true;
}
