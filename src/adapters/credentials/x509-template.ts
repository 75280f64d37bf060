import { sign, type KeyObject } from 'node:crypto';
import * as der from './der.js';

/**
 * The TBSCertificate layout Go's x509.CreateCertificate produces for config-server's templates, signed with
 * sha256WithRSAEncryption (or ecdsa-with-SHA256 by an EC key). Only what those templates use is supported.
 */

export type KeyUsage = 'digitalSignature' | 'keyEncipherment' | 'keyCertSign' | 'cRLSign';
export type ExtKeyUsage = 'serverAuth' | 'clientAuth';

export interface CertificateTemplate {
  readonly serial: bigint;
  /** DER of the issuer Name: the CA's raw subject, or the subject itself when self-signed. */
  readonly issuer: Uint8Array;
  readonly subject: Uint8Array;
  readonly notBefore: bigint;
  readonly notAfter: bigint;
  readonly subjectPublicKeyInfo: Uint8Array;
  readonly keyUsage: readonly KeyUsage[];
  readonly extKeyUsage: readonly ExtKeyUsage[];
  readonly isCa: boolean;
  readonly subjectKeyId: Uint8Array;
  readonly authorityKeyId: Uint8Array;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly Uint8Array[];
}

const SHA256_WITH_RSA = der.sequence(der.oid('1.2.840.113549.1.1.11'), der.nullValue());
// ecdsa-with-SHA256 (RFC 5758: no parameters).
const ECDSA_WITH_SHA256 = der.sequence(der.oid('1.2.840.10045.4.3.2'));

/** The signature algorithm a key signs with: ECDSA keys with ecdsa-with-SHA256, RSA keys with sha256WithRSA. */
const algorithmOf = (signer: KeyObject): Uint8Array =>
  signer.asymmetricKeyType === 'ec' ? ECDSA_WITH_SHA256 : SHA256_WITH_RSA;
// KeyUsage bit numbers of RFC 5280 (bit 0 is the most significant bit of the first byte).
const KEY_USAGE_BITS: Record<KeyUsage, number> = {
  digitalSignature: 0,
  keyEncipherment: 2,
  keyCertSign: 5,
  cRLSign: 6,
};
const EKU_OIDS: Record<ExtKeyUsage, string> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

/** Go's pkix.Name: one RDN per attribute, C then O then CN (CN only when non-empty). */
export function encodeName(country: string, organization: string, commonName: string): Uint8Array {
  const rdn = (id: string, value: string) => der.set(der.sequence(der.oid(id), directoryString(value)));
  const rdns = [rdn('2.5.4.6', country), rdn('2.5.4.10', organization)];
  if (commonName !== '') rdns.push(rdn('2.5.4.3', commonName));
  return der.sequence(...rdns);
}

/** encoding/asn1 writes PrintableString when every character allows it (not `*` or `&`), else UTF8String. */
function directoryString(s: string): Uint8Array {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(s) ? der.printableString(s) : der.utf8String(s);
}

/** Extensions in crypto/x509's order: keyUsage, extKeyUsage, basicConstraints, SKI, AKI, subjectAltName. */
function extensions(t: CertificateTemplate): Uint8Array[] {
  const ext = (id: string, critical: boolean, value: Uint8Array) =>
    der.sequence(der.oid(id), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
  const out: Uint8Array[] = [];
  if (t.keyUsage.length > 0) out.push(ext('2.5.29.15', true, keyUsageBits(t.keyUsage)));
  if (t.extKeyUsage.length > 0) {
    out.push(ext('2.5.29.37', false, der.sequence(...t.extKeyUsage.map((u) => der.oid(EKU_OIDS[u])))));
  }
  // BasicConstraints{IsCA `optional`, MaxPathLen `default:-1`}: CA:FALSE is an empty SEQUENCE.
  out.push(ext('2.5.29.19', true, t.isCa ? der.sequence(der.boolean(true)) : der.sequence()));
  if (t.subjectKeyId.length > 0) out.push(ext('2.5.29.14', false, der.octetString(t.subjectKeyId)));
  if (t.authorityKeyId.length > 0) {
    out.push(ext('2.5.29.35', false, der.sequence(der.contextTag(0, t.authorityKeyId, false))));
  }
  if (t.dnsNames.length > 0 || t.ipAddresses.length > 0) {
    const names = [
      ...t.dnsNames.map((n) => der.contextTag(2, Buffer.from(n, 'utf8'), false)),
      ...t.ipAddresses.map((ip) => der.contextTag(7, ip, false)),
    ];
    out.push(ext('2.5.29.17', false, der.sequence(...names)));
  }
  return out;
}

/** A BIT STRING cut after its last set bit, as Go's marshalKeyUsage does. */
function keyUsageBits(usages: readonly KeyUsage[]): Uint8Array {
  const bytes = Uint8Array.of(0, 0);
  let bitLength = 0;
  for (const u of usages) {
    const bit = KEY_USAGE_BITS[u];
    bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
    bitLength = Math.max(bitLength, bit + 1);
  }
  const byteLength = Math.ceil(bitLength / 8);
  return der.bitString(bytes.subarray(0, byteLength), byteLength * 8 - bitLength);
}

export function tbsCertificate(t: CertificateTemplate, algorithm: Uint8Array = SHA256_WITH_RSA): Uint8Array {
  return der.sequence(
    der.contextTag(0, der.integer(2n), true),
    der.integer(t.serial),
    algorithm,
    t.issuer,
    der.sequence(der.time(t.notBefore), der.time(t.notAfter)),
    t.subject,
    t.subjectPublicKeyInfo,
    der.contextTag(3, der.sequence(...extensions(t)), true),
  );
}

export function signCertificate(t: CertificateTemplate, signer: KeyObject): Buffer {
  const algorithm = algorithmOf(signer);
  const tbs = tbsCertificate(t, algorithm);
  const signature = sign('sha256', tbs, signer);
  return Buffer.from(der.sequence(tbs, algorithm, der.bitString(signature)));
}
