import { children, readElement, type DerElement } from './der.js';

/**
 * The checks of Go's x509.ParsePKCS1PrivateKey and rsa.PrivateKey.Validate, with their messages, for CA keys read
 * from variables. OpenSSL would accept an inconsistent key and sign garbage with it; Go refuses it up front.
 * Structural ASN.1 problems are reported with encoding/asn1's message kinds, not its full detail.
 */

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const OCTET_STRING = 0x04;

export interface Pkcs1Key {
  readonly n: bigint;
  readonly e: bigint;
  readonly d: bigint;
  readonly primes: readonly bigint[];
}

export function parsePkcs1(der: Uint8Array): Pkcs1Key {
  let top: DerElement;
  try {
    top = readElement(der, 0);
  } catch {
    throw new Error('asn1: syntax error: data truncated');
  }
  if (top.end !== der.length) throw new Error('asn1: syntax error: trailing data');
  const fields = top.tag === SEQUENCE ? safeChildren(der, top) : undefined;
  const ints = fields?.slice(0, 9).map((f) => (f.tag === INTEGER ? toBigInt(der, f) : undefined));
  if (!fields || !ints || ints.length < 6 || ints.slice(0, 6).some((v) => v === undefined)) {
    throw new Error(misfiledKeyMessage(fields) ?? "asn1: structure error: tags don't match");
  }
  const [version = 0n, n = 0n, e = 0n, d = 0n, p = 0n, q = 0n] = ints as bigint[];
  if (version > 1n) throw new Error('x509: unsupported private key version');
  if (n <= 0n || d <= 0n || p <= 0n || q <= 0n) {
    throw new Error('x509: private key contains zero or negative value');
  }
  const primes = [p, q];
  validate({ n, e, d, primes });
  return { n, e, d, primes };
}

function safeChildren(der: Uint8Array, el: DerElement): DerElement[] | undefined {
  try {
    return children(der, el);
  } catch {
    return undefined;
  }
}

/** Go tries the other key formats before giving up, to point at the right parser. */
function misfiledKeyMessage(fields: DerElement[] | undefined): string | undefined {
  const [first, second, third] = fields ?? [];
  if (first?.tag !== INTEGER) return undefined;
  if (second?.tag === OCTET_STRING) {
    return 'x509: failed to parse private key (use ParseECPrivateKey instead for this key format)';
  }
  if (second?.tag === SEQUENCE && third?.tag === OCTET_STRING) {
    return 'x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)';
  }
  return undefined;
}

function toBigInt(der: Uint8Array, el: DerElement): bigint {
  const bytes = der.subarray(el.contentStart, el.end);
  if (bytes.length === 0) throw new Error('asn1: syntax error: empty integer');
  const b0 = bytes[0] ?? 0;
  const b1 = bytes[1] ?? 0;
  if (bytes.length > 1 && ((b0 === 0 && !(b1 & 0x80)) || (b0 === 0xff && b1 & 0x80))) {
    throw new Error('asn1: structure error: integer not minimally-encoded');
  }
  let v = BigInt('0x' + Buffer.from(bytes).toString('hex'));
  if (b0 & 0x80) v -= 1n << BigInt(bytes.length * 8);
  return v;
}

/** rsa.PrivateKey.Validate: sane exponent, the primes multiply to n, and d inverts e modulo each p - 1. */
function validate(key: Pkcs1Key): void {
  if (key.e < 2n) throw new Error('crypto/rsa: public exponent too small');
  if (key.e > 2n ** 31n - 1n) throw new Error('crypto/rsa: public exponent too large');
  let product = 1n;
  for (const prime of key.primes) {
    if (prime <= 1n) throw new Error('crypto/rsa: invalid prime value');
    product *= prime;
  }
  if (product !== key.n) throw new Error('crypto/rsa: invalid modulus');
  for (const prime of key.primes) {
    if ((key.e * key.d) % (prime - 1n) !== 1n) throw new Error('crypto/rsa: invalid exponents');
  }
}
