import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { X509Certificate, createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { YamlMap, YamlValue } from '../src/base/yaml/value.js';
import { NodeCredentialGenerator } from '../src/adapters/credentials/index.js';
import { children, contentOf, decodeOid, rawOf, readElement } from '../src/adapters/credentials/der.js';

/**
 * Regenerates the values the reference CLI generated (generation.json), in order, with an in-memory store, and
 * checks every observed property with parsers independent of ours (node's X509Certificate, @peculiar/x509). Each
 * certificate is also compared, field by field and byte for byte where nothing is random, with the certificate
 * the reference CLI wrote to its store for the same variable.
 */

const DIR = resolve(import.meta.dirname, '../../shared/conformance/interpolate');
interface Item {
  name: string;
  type: string;
  options?: Record<string, unknown>;
  observed: Record<string, unknown>;
}
const generation = JSON.parse(readFileSync(`${DIR}/generation.json`, 'utf8')) as {
  cases: Record<string, { store: string; generated: Item[] } | undefined>;
};
const CASES = [
  'own-store-password',
  'own-store-ssh-rsa',
  'own-store-cert-chain',
  'own-store-options-from-vars',
  'bd02-bosh-lite-full',
  'bd05-cert-duration',
  'bd06-ipv6-remote',
  'cf12-fixture-store',
];
/** cf12 starts from cf-deployment's fixture store, whose CAs (C=USA, expired in 2019) sign the new values. */
const PRELOADED: Record<string, string> = {
  'cf12-fixture-store': 'inputs/cf-deployment/scripts/fixtures/unit-test-vars-store.yml',
};

const readYaml = (path: string) =>
  parseYaml(readFileSync(`${DIR}/${path}`, 'utf8')) as Record<string, unknown>;
function toYaml(v: unknown): YamlValue {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map(toYaml);
  if (typeof v === 'object') return new Map(Object.entries(v).map(([k, x]) => [k, toYaml(x)]));
  return v as YamlValue;
}

const text = (value: YamlValue, key: string): string => {
  const v = (value as YamlMap).get(key);
  if (typeof v !== 'string') throw new Error(`no ${key}`);
  return v;
};
const pemRe = (label: string) =>
  new RegExp(
    `^-----BEGIN ${label}-----\\n(?:[A-Za-z0-9+/]{64}\\n)*[A-Za-z0-9+/=]{1,64}\\n-----END ${label}-----\\n$`,
  );
const spki = (k: ReturnType<typeof createPublicKey>) =>
  k.export({ type: 'spki', format: 'der' }).toString('hex');
const EXT_NAMES: Record<string, string> = {
  '2.5.29.15': 'keyUsage',
  '2.5.29.37': 'extendedKeyUsage',
  '2.5.29.19': 'basicConstraints',
  '2.5.29.14': 'subjectKeyIdentifier',
  '2.5.29.35': 'authorityKeyIdentifier',
  '2.5.29.17': 'subjectAltName',
};
const KU = ['digital_signature', 'non_repudiation', 'key_encipherment', 'data_encipherment', 'key_agreement'];
const KU_NAMES = [...KU, 'key_cert_sign', 'crl_sign'];
const EKU: Record<string, string> = { '1.3.6.1.5.5.7.3.1': 'serverAuth', '1.3.6.1.5.5.7.3.2': 'clientAuth' };
const ipText = (ip: string) =>
  new URL(`http://${ip.includes(':') ? `[${ip}]` : ip}/`).hostname.replace(/^\[|\]$/g, '');

/** Everything in a certificate that is not random or time-dependent, with raw bytes where Go fixes them. */
function shape(pem: string): unknown {
  const der = new X509Certificate(pem).raw;
  const [tbs, sigAlg] = children(der, readElement(der, 0));
  if (!tbs || !sigAlg) throw new Error('bad certificate');
  const [version, , sig, issuer, validity, subject, key, exts] = children(der, tbs);
  if (!version || !sig || !issuer || !validity || !subject || !key || !exts) throw new Error('bad tbs');
  const extList = children(der, children(der, exts)[0] ?? exts).map((ext) => {
    const [id, ...rest] = children(der, ext);
    const oid = id ? decodeOid(contentOf(der, id)) : '';
    const value = rest[rest.length - 1];
    const random = oid === '2.5.29.14' || oid === '2.5.29.35';
    return { oid, raw: random ? value && value.end - value.start : rawOf(der, ext).toString('hex') };
  });
  const times = children(der, validity).map((t) => t.tag);
  return {
    version: rawOf(der, version).toString('hex'),
    sig: [rawOf(der, sig), rawOf(der, sigAlg)].map((b) => b.toString('hex')),
    issuer: rawOf(der, issuer).toString('hex'),
    subject: rawOf(der, subject).toString('hex'),
    times,
    keyLength: key.end - key.start,
    extList,
  };
}

function checkCertificate(item: Item, value: YamlValue, store: Map<string, YamlValue>, golden: unknown) {
  const o = item.observed;
  expect([...(value as YamlMap).keys()]).toEqual(['ca', 'certificate', 'private_key']);
  for (const key of ['ca', 'certificate']) expect(text(value, key)).toMatch(pemRe('CERTIFICATE'));
  expect(text(value, 'private_key')).toMatch(pemRe('RSA PRIVATE KEY'));
  const cert = new X509Certificate(text(value, 'certificate'));
  const caCert = new X509Certificate(text(value, 'ca'));
  expect(cert.subject.split('\n').join(', ')).toBe(o.subject);
  expect(cert.issuer.split('\n').join(', ')).toBe(o.issuer);
  const caName = typeof item.options?.ca === 'string' ? item.options.ca : undefined;
  if (o.ca_field === 'self') expect(text(value, 'ca')).toBe(text(value, 'certificate'));
  else expect(text(value, 'ca')).toBe(text(store.get(caName ?? '') ?? null, 'certificate'));
  expect(cert.verify(caCert.publicKey)).toBe(true);
  expect(cert.checkIssued(caCert)).toBe(true);
  const from = Date.parse(cert.validFrom);
  expect((Date.parse(cert.validTo) - from) / 86_400_000).toBe(o.validity_days);
  expect(Math.abs(Date.now() - from)).toBeLessThan(120_000);
  expect(cert.publicKey.asymmetricKeyDetails).toEqual({ modulusLength: o.key_bits, publicExponent: 65537n });
  expect(spki(createPublicKey(createPrivateKey(text(value, 'private_key'))))).toBe(spki(cert.publicKey));
  expect(BigInt('0x' + cert.serialNumber) < 2n ** 128n).toBe(true);
  const parsed = new x509.X509Certificate(text(value, 'certificate'));
  expect(parsed.signatureAlgorithm).toMatchObject({ name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' } });
  const names = parsed.extensions.map(
    (e) => `${EXT_NAMES[e.type] ?? e.type}${e.critical ? ' (critical)' : ''}`,
  );
  expect(names).toEqual(o.extensions);
  expect(parsed.getExtension(x509.BasicConstraintsExtension)).toMatchObject({ ca: o.basic_constraints_ca });
  const flags = parsed.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
  expect(KU_NAMES.filter((_, bit) => flags & (1 << bit))).toEqual(o.key_usage);
  const eku = parsed.getExtension(x509.ExtendedKeyUsageExtension)?.usages.map((u) => EKU[String(u)] ?? u);
  expect(eku).toEqual(o.extended_key_usage);
  const sans = parsed.getExtension(x509.SubjectAlternativeNameExtension)?.names.items ?? [];
  const dns = sans.filter((n) => n.type === 'dns').map((n) => n.value);
  const ips = sans.filter((n) => n.type === 'ip').map((n) => ipText(n.value));
  expect(dns).toEqual(o.san_dns ?? []);
  expect(ips).toEqual(((o.san_ip ?? []) as string[]).map(ipText));
  const modulus = Buffer.from(cert.publicKey.export({ format: 'jwk' }).n ?? '', 'base64url');
  const ski = parsed.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  expect(ski).toBe(createHash('sha1').update(modulus).digest('hex'));
  const issuer = new x509.X509Certificate(text(value, 'ca'));
  const issuerSki = issuer.getExtension(x509.SubjectKeyIdentifierExtension);
  expect(parsed.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(issuerSki?.keyId);
  expect(shape(text(value, 'certificate'))).toEqual(golden);
}

function checkKeyPair(item: Item, value: YamlValue): void {
  const o = item.observed;
  const priv = createPrivateKey(text(value, 'private_key'));
  expect(text(value, 'private_key')).toMatch(pemRe('RSA PRIVATE KEY'));
  expect(priv.asymmetricKeyDetails).toEqual({ modulusLength: o.key_bits, publicExponent: 65537n });
  if (item.type === 'rsa') {
    expect([...(value as YamlMap).keys()]).toEqual(['private_key', 'public_key']);
    expect(text(value, 'public_key')).toMatch(pemRe('PUBLIC KEY'));
    expect(spki(createPublicKey(text(value, 'public_key')))).toBe(spki(createPublicKey(priv)));
    return;
  }
  expect([...(value as YamlMap).keys()]).toEqual(['private_key', 'public_key', 'public_key_fingerprint']);
  const m = /^ssh-rsa ([A-Za-z0-9+/]+=*)\n$/.exec(text(value, 'public_key'));
  const blob = Buffer.from(m?.[1] ?? '', 'base64');
  const jwk = priv.export({ format: 'jwk' });
  const mpint = (b64: string | undefined) => {
    const bytes = Buffer.from(b64 ?? '', 'base64url');
    const body = (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.of(0), bytes]) : bytes;
    return Buffer.concat([Buffer.from([0, 0, body.length >> 8, body.length & 0xff]), body]);
  };
  const expected = Buffer.concat([Buffer.from('\0\0\0\x07ssh-rsa', 'latin1'), mpint(jwk.e), mpint(jwk.n)]);
  expect(blob.equals(expected)).toBe(true);
  const md5 = createHash('md5').update(blob).digest('hex');
  expect(text(value, 'public_key_fingerprint')).toBe(md5.match(/../g)?.join(':'));
}

describe('credential generation against the reference CLI', () => {
  it.each(CASES)('%s: regenerates every value with the observed properties', async (name) => {
    const c = generation.cases[name] ?? { store: '', generated: [] };
    expect(c.generated.length).toBeGreaterThan(0);
    const golden = readYaml(c.store);
    const generator = new NodeCredentialGenerator();
    generator.prepare(c.generated.map((i) => i.type));
    const preload = PRELOADED[name];
    const initial = preload ? readYaml(preload) : {};
    const store = new Map<string, YamlValue>(Object.entries(initial).map(([k, v]) => [k, toYaml(v)]));
    const lookup = (n: string) => Promise.resolve({ found: store.has(n), value: store.get(n) ?? null });
    for (const item of c.generated) {
      const value = await generator.generate(item.type, toYaml(item.options), lookup);
      store.set(item.name, value);
      if (item.type === 'password') {
        expect(value).toMatch(new RegExp(`^[a-z0-9]{${String(item.observed.length)}}$`));
      } else if (item.type === 'certificate') {
        const expected = toYaml(golden[item.name]);
        checkCertificate(item, value, store, shape(text(expected, 'certificate')));
      } else {
        checkKeyPair(item, value);
      }
    }
  });
});
