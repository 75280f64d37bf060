import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { wrapError } from '../../base/errors.js';
import type { VariableLookup } from '../../ports/credential-generator.js';
import { children, contentOf, decodeOid, rawOf, readElement, type DerElement } from './der.js';
import { decodeStruct } from './go-params.js';
import { parsePkcs1 } from './pkcs1.js';
import { decodePem } from './pem.js';

/**
 * bosh-cli's VarsCertLoader: finds a CA through the variables (static vars, then the store), decodes its
 * `certificate` and `private_key`, and parses them as Go's x509 would. Expiry is deliberately not checked.
 */

export interface LoadedCa {
  /** The certificate's DER, which becomes the generated value's `ca` field. */
  readonly der: Buffer;
  /** The subject exactly as encoded; Go copies it into the issuer of what the CA signs. */
  readonly rawSubject: Buffer;
  /** Empty when the CA has no subjectKeyIdentifier (then what it signs gets no authorityKeyIdentifier). */
  readonly subjectKeyId: Buffer;
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
}

const CERT_VAL = {
  typeName: 'opts.CertVal',
  fields: { certificate: 'string', private_key: 'string' },
} as const;

export async function loadCa(name: string, lookup: VariableLookup): Promise<LoadedCa> {
  const { found, value } = await lookup(name);
  if (!found) throw new Error(`Expected to find variable '${name}' with a certificate`);
  let fields: ReadonlyMap<string, unknown>;
  try {
    fields = decodeStruct(value, CERT_VAL);
  } catch (e) {
    throw wrapError(e, `Expected variable '${name}' to be deserializable`);
  }
  const text = (key: string) => {
    const v = fields.get(key);
    return typeof v === 'string' ? v : '';
  };
  const cert = parseCertificate(text('certificate'));
  const privateKey = parsePrivateKey(text('private_key'));
  return { ...cert, privateKey };
}

function parseCertificate(pemText: string): Omit<LoadedCa, 'privateKey'> {
  const block = decodePem(pemText);
  if (!block) throw new Error('Certificate did not contain PEM formatted block');
  try {
    return certificateFields(block.bytes);
  } catch (e) {
    throw wrapError(e, 'Parsing certificate');
  }
}

const SUBJECT_KEY_ID = '2.5.29.14';

function certificateFields(der: Buffer): Omit<LoadedCa, 'privateKey'> {
  let x509: X509Certificate;
  let top: DerElement;
  try {
    top = readElement(der, 0);
  } catch {
    throw new Error('x509: malformed certificate');
  }
  if (top.end !== der.length) throw new Error('x509: trailing data');
  try {
    x509 = new X509Certificate(der);
  } catch {
    throw new Error('x509: malformed certificate');
  }
  const [tbs] = children(der, top);
  if (!tbs) throw new Error('x509: malformed certificate');
  const fields = children(der, tbs);
  // version [0] is optional; then serial, signature, issuer, validity, subject, spki, and optional [1] [2] [3].
  const base = fields[0]?.tag === 0xa0 ? 1 : 0;
  const subject = fields[base + 4];
  if (!subject) throw new Error('x509: malformed certificate');
  let subjectKeyId: Buffer = Buffer.alloc(0);
  const extensions = fields.slice(base + 6).find((f) => f.tag === 0xa3);
  const list = extensions && children(der, extensions)[0];
  for (const ext of list ? children(der, list) : []) {
    const [id, ...rest] = children(der, ext);
    const value = rest[rest.length - 1];
    if (!id || !value || decodeOid(contentOf(der, id)) !== SUBJECT_KEY_ID) continue;
    const inner = contentOf(der, value);
    const octets = readElement(inner, 0);
    if (octets.tag !== 0x04) throw new Error('x509: invalid subject key identifier');
    subjectKeyId = contentOf(inner, octets);
  }
  return { der, rawSubject: rawOf(der, subject), subjectKeyId, publicKey: x509.publicKey };
}

function parsePrivateKey(pemText: string): KeyObject {
  const block = decodePem(pemText);
  if (!block) throw new Error('Private key did not contain PEM formatted block');
  try {
    parsePkcs1(block.bytes);
    return createPrivateKey({ key: block.bytes, format: 'der', type: 'pkcs1' });
  } catch (e) {
    throw wrapError(e, 'Parsing private key');
  }
}
