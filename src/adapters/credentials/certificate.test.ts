import { X509Certificate, createHash } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { GoFloat, mapOf, type YamlMap, type YamlValue } from '../../base/yaml/value.js';
import type { VariableLookup } from '../../ports/credential-generator.js';
import { validity } from './certificate.js';
import { children, contentOf, decodeOid, readElement, rawOf } from './der.js';
import { NodeCredentialGenerator } from './index.js';
import { RsaKeyPool } from './key-pool.js';
import { encodePem } from './pem.js';
import { generateRsaKey } from './rsa-keygen.js';
import { encodeName, signCertificate } from './x509-template.js';

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
const generator = new NodeCredentialGenerator({ nowMs: () => NOW });
const store = new Map<string, YamlValue>();
const lookup: VariableLookup = (n) => Promise.resolve({ found: store.has(n), value: store.get(n) ?? null });
const text = (v: YamlValue, key: string): string => {
  const field = (v as YamlMap).get(key);
  if (typeof field !== 'string') throw new Error(`no ${key}`);
  return field;
};

async function cert(options: Record<string, YamlValue>): Promise<X509Certificate> {
  return new X509Certificate(
    text(await generator.generate('certificate', mapOf(options), lookup), 'certificate'),
  );
}

/** tbsCertificate fields by position (after the version), and extensions as `oid=hex value`. */
function tbs(c: X509Certificate) {
  const der = c.raw;
  const [, ...fields] = children(der, children(der, readElement(der, 0))[0] ?? readElement(der, 0));
  const exts = fields[6] ? children(der, children(der, fields[6])[0] ?? fields[6]) : [];
  const extensions = exts.map((e) => {
    const [id, ...rest] = children(der, e);
    const value = rest[rest.length - 1];
    return `${id ? decodeOid(contentOf(der, id)) : ''}=${value ? contentOf(der, value).toString('hex') : ''}`;
  });
  return {
    issuer: fields[2] && rawOf(der, fields[2]),
    subject: fields[4] && rawOf(der, fields[4]),
    extensions,
  };
}

beforeAll(async () => {
  store.set('ca', await generator.generate('certificate', mapOf({ common_name: 'ca', is_ca: true }), lookup));
});

describe('certificate templates', () => {
  it('sets notBefore to now and notAfter to now + duration days, in whole seconds', async () => {
    const c = await cert({ ca: 'ca', common_name: 'x', duration: new GoFloat(30) });
    expect(Date.parse(c.validFrom)).toBe(Math.floor(NOW / 1000) * 1000);
    expect(Date.parse(c.validTo) - Date.parse(c.validFrom)).toBe(30 * 86_400_000);
    for (const duration of [-5, 0, 1.9]) {
      const d = await cert({ ca: 'ca', common_name: 'x', duration });
      const days = (Date.parse(d.validTo) - Date.parse(d.validFrom)) / 86_400_000;
      expect(days).toBe(duration === 1.9 ? 1 : 365);
    }
  });

  it('wraps absurd durations the way int64 nanoseconds do in Go', () => {
    const wrapped = BigInt.asIntN(64, 200_000n * 24n * 3_600_000_000_000n) / 1_000_000_000n;
    expect(validity(0, 200_000n)).toEqual([0n, wrapped - 1n]);
    expect(validity(1500, 1n)).toEqual([1n, 86_401n]);
  });

  it('encodes the subject C, O, CN with PrintableString unless a character needs UTF8String', async () => {
    const plain = await cert({ ca: 'ca', common_name: 'a.b', organization: 'Org' });
    expect(plain.subject).toBe('C=US\nO=Org\nCN=a.b');
    const subject = tbs(plain).subject?.toString('hex') ?? '';
    expect(subject).toContain('1303' + Buffer.from('Org').toString('hex')); // PrintableString
    const wildcard = await cert({ ca: 'ca', common_name: '*.b', organization: 'R&D' });
    const wild = tbs(wildcard).subject?.toString('hex') ?? '';
    expect(wild).toContain('0c03' + Buffer.from('R&D').toString('hex'));
    expect(wild).toContain('0c03' + Buffer.from('*.b').toString('hex'));
    expect((await cert({ ca: 'ca' })).subject).toBe('C=US\nO=Cloud Foundry');
    expect((await cert({ ca: 'ca', common_name: 42 })).subject).toBe('C=US\nO=Cloud Foundry\nCN=42');
  });

  it('keeps SAN order within each kind, puts DNS before IPs, and encodes IPv4 in 4 bytes', async () => {
    const c = await cert({
      ca: 'ca',
      common_name: 'cn',
      alternative_names: ['::ffff:10.0.0.1', 'b', 'fd00::1', 'a'],
    });
    const san = tbs(c).extensions.find((e) => e.startsWith('2.5.29.17='));
    const expected = [
      '8201' + '62',
      '8201' + '61',
      '8704' + '0a000001',
      '8710' + 'fd00' + '00'.repeat(13) + '01',
    ];
    expect(san).toBe(`2.5.29.17=30${(expected.join('').length / 2).toString(16)}${expected.join('')}`);
  });

  it('signs intermediates with the CA: issuer is its raw subject, AKI its SKI, ca its certificate', async () => {
    const value = await generator.generate(
      'certificate',
      mapOf({ ca: 'ca', is_ca: true, common_name: 'i' }),
      lookup,
    );
    const root = new X509Certificate(text(store.get('ca') ?? null, 'certificate'));
    const intermediate = new X509Certificate(text(value, 'certificate'));
    expect(text(value, 'ca')).toBe(text(store.get('ca') ?? null, 'certificate'));
    expect(tbs(intermediate).issuer?.equals(tbs(root).subject ?? Buffer.alloc(0))).toBe(true);
    const ski = tbs(root)
      .extensions.find((e) => e.startsWith('2.5.29.14='))
      ?.slice(14);
    expect(tbs(intermediate).extensions).toContain(`2.5.29.35=30168014${ski ?? ''}`);
    expect(intermediate.verify(root.publicKey)).toBe(true);
  });

  it('omits the AKI when the CA has no subject key identifier', async () => {
    const key = await generateRsaKey(2048);
    const name = encodeName('US', 'Old', 'old-ca');
    const spki = key.publicKey.export({ type: 'spki', format: 'der' });
    const template = { serial: 1n, issuer: name, subject: name, notBefore: 0n, notAfter: 10n ** 10n };
    const der = signCertificate(
      {
        ...template,
        subjectPublicKeyInfo: spki,
        keyUsage: ['keyCertSign'],
        extKeyUsage: [],
        isCa: true,
        subjectKeyId: new Uint8Array(0),
        authorityKeyId: new Uint8Array(0),
        dnsNames: [],
        ipAddresses: [],
      },
      key.privateKey,
    );
    const pkcs1 = encodePem('RSA PRIVATE KEY', key.privateKey.export({ type: 'pkcs1', format: 'der' }));
    store.set('old', mapOf({ certificate: encodePem('CERTIFICATE', der), private_key: pkcs1 }));
    const c = await cert({ ca: 'old', common_name: 'x' });
    expect(tbs(c).extensions.map((e) => e.split('=')[0])).toEqual([
      '2.5.29.15',
      '2.5.29.37',
      '2.5.29.19',
      '2.5.29.14',
    ]);
    const modulus = Buffer.from(c.publicKey.export({ format: 'jwk' }).n ?? '', 'base64url');
    expect(tbs(c).extensions[3]).toBe(`2.5.29.14=0414${createHash('sha1').update(modulus).digest('hex')}`);
  });
});

describe('passwords', () => {
  it('are 20 characters by default, or `length`, from [a-z0-9]', async () => {
    expect(await generator.generate('password', null, lookup)).toMatch(/^[a-z0-9]{20}$/);
    expect(await generator.generate('password', mapOf({ length: new GoFloat(7) }), lookup)).toMatch(
      /^[a-z0-9]{7}$/,
    );
    const long = await generator.generate('password', mapOf({ length: 5000 }), lookup);
    expect(typeof long === 'string' && new Set(long).size).toBe(36);
  });
});

describe('prepare', () => {
  it('announces the key sizes of the values to come, in order', () => {
    const keys = new RsaKeyPool();
    const expectSpy = vi.spyOn(keys, 'expect').mockImplementation(() => undefined);
    new NodeCredentialGenerator({ keys }).prepare(['password', 'certificate', 'ssh', 'value', 'rsa']);
    expect(expectSpy).toHaveBeenCalledWith([3072, 2048, 2048]);
  });
});
