import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { wrapError } from '../../base/errors.js';
import type { YamlMap, YamlValue } from '../../base/yaml/value.js';
import type { VariableLookup } from '../../ports/credential-generator.js';
import { loadCa, type LoadedCa } from './ca-loader.js';
import { unsignedBytes } from './der.js';
import { field, objToStruct, type Decoded } from './go-params.js';
import { parseGoIp, sanBytes } from './ip.js';
import { encodePem } from './pem.js';
import type { RsaKey } from './rsa-keygen.js';
import { encodeName, signCertificate, type CertificateTemplate, type ExtKeyUsage } from './x509-template.js';

/** config-server's CertificateGenerator: a 3072-bit key, a template, signed by itself or by the CA it names. */

export const CERTIFICATE_KEY_BITS = 3072;

const CERT_PARAMS = {
  typeName: 'types.certParams',
  fields: {
    common_name: 'string',
    organization: 'string',
    alternative_names: '[]string',
    is_ca: 'bool',
    ca: 'string',
    extended_key_usage: '[]string',
    duration: 'int64',
  },
} as const;

const EXT_KEY_USAGES: ReadonlyMap<string, ExtKeyUsage> = new Map([
  ['client_auth', 'clientAuth'],
  ['server_auth', 'serverAuth'],
]);

export interface CertificateDeps {
  readonly takeKey: (bits: number) => Promise<RsaKey>;
  readonly nowMs: () => number;
}

export async function generateCertificate(
  options: YamlValue,
  lookup: VariableLookup,
  deps: CertificateDeps,
): Promise<YamlMap> {
  let params: Decoded;
  try {
    params = objToStruct(options, CERT_PARAMS);
  } catch (e) {
    throw wrapError(e, 'Failed to generate certificate, parameters are invalid');
  }
  const text = (name: string) => field.string(params, name);
  const isCa = field.bool(params, 'is_ca');
  const caName = text('ca');
  // Go finds this out after generating the key; checking first only saves the key for the next value.
  if (!isCa && caName === '') throw new Error('Missing required CA name');

  const key = deps.takeKey(CERTIFICATE_KEY_BITS);
  let ca: LoadedCa | undefined;
  if (caName !== '') {
    try {
      ca = await loadCa(caName, lookup);
    } catch (e) {
      throw wrapError(e, 'Loading certificates');
    }
  }
  const own = await key;
  const [notBefore, notAfter] = validity(deps.nowMs(), field.int(params, 'duration'));
  const subject = encodeName('US', text('organization') || 'Cloud Foundry', text('common_name'));
  const subjectKeyId = createHash('sha1').update(unsignedBytes(own.modulus)).digest();
  const base = {
    serial: BigInt('0x' + randomBytes(16).toString('hex')),
    subject,
    notBefore,
    notAfter,
    subjectPublicKeyInfo: own.publicKey.export({ type: 'spki', format: 'der' }),
    subjectKeyId,
  };

  let template: CertificateTemplate;
  if (isCa) {
    template = {
      ...base,
      issuer: ca ? ca.rawSubject : subject,
      authorityKeyId: ca ? ca.subjectKeyId : subjectKeyId,
      keyUsage: ['keyCertSign', 'cRLSign'],
      extKeyUsage: [],
      isCa: true,
      dnsNames: [],
      ipAddresses: [],
    };
    if (ca) checkCreatable(ca, [], 'Generating CA certificate');
  } else {
    if (!ca) throw new Error('Missing required CA name');
    const usages = field.strings(params, 'extended_key_usage');
    const extKeyUsage = usages.map((u) => {
      const usage = EXT_KEY_USAGES.get(u);
      if (!usage) throw new Error(`Unsupported extended key usage value: ${u}`);
      return usage;
    });
    const dnsNames: string[] = [];
    const ipAddresses: Uint8Array[] = [];
    for (const name of field.strings(params, 'alternative_names')) {
      const ip = parseGoIp(name);
      if (ip) ipAddresses.push(sanBytes(ip));
      else dnsNames.push(name);
    }
    checkCreatable(ca, dnsNames, 'Generating certificate');
    template = {
      ...base,
      issuer: ca.rawSubject,
      authorityKeyId: ca.subjectKeyId,
      keyUsage: ['digitalSignature', 'keyEncipherment'],
      extKeyUsage: extKeyUsage.length > 0 ? extKeyUsage : ['serverAuth'],
      isCa: false,
      dnsNames,
      ipAddresses,
    };
  }
  const certificate = signCertificate(template, ca ? ca.privateKey : own.privateKey);
  return new Map([
    ['ca', encodePem('CERTIFICATE', ca ? ca.der : certificate)],
    ['certificate', encodePem('CERTIFICATE', certificate)],
    ['private_key', encodePem('RSA PRIVATE KEY', own.privateKey.export({ type: 'pkcs1', format: 'der' }))],
  ]);
}

/**
 * notBefore is now and notAfter now + duration days (365 when not positive), both cut to whole seconds. Go
 * computes `time.Duration(days*24) * time.Hour` in int64 nanoseconds, so absurd durations wrap as they do there.
 */
export function validity(nowMs: number, days: bigint): [bigint, bigint] {
  const nowNs = BigInt(Math.floor(nowMs)) * 1_000_000n;
  const hours = BigInt.asIntN(64, (days > 0n ? days : 365n) * 24n);
  const offsetNs = BigInt.asIntN(64, hours * 3_600_000_000_000n);
  return [floorDiv(nowNs, 1_000_000_000n), floorDiv(nowNs + offsetNs, 1_000_000_000n)];
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b < 0n ? q - 1n : q;
}

/** x509.CreateCertificate's own refusals, in its order: a CA key that is not the CA certificate's, then SANs. */
function checkCreatable(ca: LoadedCa, dnsNames: readonly string[], context: string): void {
  try {
    const der = (k: ReturnType<typeof createPublicKey>) => k.export({ type: 'spki', format: 'der' });
    if (!der(createPublicKey(ca.privateKey)).equals(der(ca.publicKey))) {
      throw new Error("x509: provided PrivateKey doesn't match parent's PublicKey");
    }
    for (const name of dnsNames) {
      if (/[\u0080-\u{10ffff}]/u.test(name))
        throw new Error(`x509: ${goQuote(name)} cannot be encoded as an IA5String`);
    }
  } catch (e) {
    throw wrapError(e, context);
  }
}

/** strconv.Quote: printable characters stay, the rest become Go escapes. */
function goQuote(s: string): string {
  const named: Record<string, string> = {
    '\x07': '\\a',
    '\b': '\\b',
    '\f': '\\f',
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
    '\v': '\\v',
  };
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (named[ch] !== undefined) out += named[ch];
    else if (ch === ' ' || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch)) out += ch;
    else if (cp < 0x80) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}
