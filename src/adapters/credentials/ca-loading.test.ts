import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorChainMessage } from '../../base/errors.js';
import { mapOf, type YamlMap, type YamlValue } from '../../base/yaml/value.js';
import type { VariableLookup } from '../../ports/credential-generator.js';
import { NodeCredentialGenerator } from './index.js';
import { encodePem } from './pem.js';

/** bosh-cli's VarsCertLoader errors, and x509.CreateCertificate's refusal of a CA key that is not the CA's. */

const generator = new NodeCredentialGenerator();
const store = new Map<string, YamlValue>();
const lookup: VariableLookup = (n) => Promise.resolve({ found: store.has(n), value: store.get(n) ?? null });

async function chain(type: string, options: YamlValue): Promise<string> {
  try {
    await generator.generate(type, options, lookup);
  } catch (e) {
    return errorChainMessage(e as Error);
  }
  throw new Error('expected a failure');
}

const leaf = (extra: Record<string, YamlValue>) => mapOf({ common_name: 'leaf', ca: 'ca', ...extra });
const caWith = (fields: Record<string, YamlValue>) => {
  store.set('odd_ca', mapOf(fields));
  return leaf({ ca: 'odd_ca' });
};
const ca = () => store.get('ca') as YamlMap;
const pem = (label: string, body: string) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;

beforeAll(async () => {
  store.set('ca', await generator.generate('certificate', mapOf({ common_name: 'ca', is_ca: true }), lookup));
  store.set(
    'other_ca',
    await generator.generate('certificate', mapOf({ common_name: 'o', is_ca: true }), lookup),
  );
});

describe('CA loading errors', () => {
  const loading = (m: string) => `Loading certificates: ${m}`;
  it.each([
    [
      'a string instead of a map',
      () => {
        store.set('odd_ca', 'not a map at all');
        return leaf({ ca: 'odd_ca' });
      },
      loading(
        "Expected variable 'odd_ca' to be deserializable: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `not a m...` into opts.CertVal",
      ),
    ],
    [
      'no certificate',
      () => caWith({ private_key: 'x' }),
      loading('Certificate did not contain PEM formatted block'),
    ],
    [
      'a certificate that is not DER',
      () => caWith({ certificate: pem('CERTIFICATE', 'AAEC') }),
      loading('Parsing certificate: x509: malformed certificate'),
    ],
    [
      'bytes after the certificate',
      () => {
        const der = new X509Certificate(ca().get('certificate') as string).raw;
        return caWith({ certificate: encodePem('CERTIFICATE', Buffer.concat([der, Buffer.of(0)])) });
      },
      loading('Parsing certificate: x509: trailing data'),
    ],
    [
      'no private key',
      () => caWith({ certificate: ca().get('certificate') ?? null, private_key: 7 }),
      loading('Private key did not contain PEM formatted block'),
    ],
    [
      'a PKCS#8 key',
      () => {
        const key = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
          type: 'pkcs8',
          format: 'pem',
        });
        return caWith({ certificate: ca().get('certificate') ?? null, private_key: String(key) });
      },
      loading(
        'Parsing private key: x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)',
      ),
    ],
    [
      'an EC key',
      () => {
        const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
          type: 'sec1',
          format: 'pem',
        });
        return caWith({ certificate: ca().get('certificate') ?? null, private_key: String(key) });
      },
      loading(
        'Parsing private key: x509: failed to parse private key (use ParseECPrivateKey instead for this key format)',
      ),
    ],
    [
      'trailing bytes after the key',
      () =>
        caWith({ certificate: ca().get('certificate') ?? null, private_key: pem('RSA PRIVATE KEY', 'MAAA') }),
      loading('Parsing private key: asn1: syntax error: trailing data'),
    ],
    [
      "another CA's key",
      () =>
        caWith({
          certificate: ca().get('certificate') ?? null,
          private_key: (store.get('other_ca') as YamlMap).get('private_key') ?? null,
        }),
      "Generating certificate: x509: provided PrivateKey doesn't match parent's PublicKey",
    ],
  ])('%s', async (_, setup, message) => {
    expect(await chain('certificate', setup())).toBe(message);
  });

  it('wraps failures of the lookup itself', async () => {
    const failing: VariableLookup = () => Promise.reject(new Error('config server down'));
    await expect(generator.generate('certificate', leaf({}), failing)).rejects.toSatisfy(
      (e: Error) => errorChainMessage(e) === 'Loading certificates: config server down',
    );
  });

  it('reports a mismatched key of an intermediate CA as a CA certificate error', async () => {
    caWith({
      certificate: ca().get('certificate') ?? null,
      private_key: (store.get('other_ca') as YamlMap).get('private_key') ?? null,
    });
    expect(await chain('certificate', mapOf({ is_ca: true, ca: 'odd_ca' }))).toBe(
      "Generating CA certificate: x509: provided PrivateKey doesn't match parent's PublicKey",
    );
  });
});
