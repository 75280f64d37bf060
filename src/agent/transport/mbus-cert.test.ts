import { createPrivateKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { selfSigned } from './mbus-cert.js';

describe('selfSigned', () => {
  it('makes a self-signed ECDSA P-256 certificate for the names, with its key', () => {
    const made = selfSigned('agent-1', ['127.0.0.9', 'vm.bosh'], Date.UTC(2026, 0, 1));
    const cert = new X509Certificate(made.certificate);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyType).toBe('ec');
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(cert.checkPrivateKey(createPrivateKey(made.privateKey))).toBe(true);
    expect(made.privateKey).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
    expect(cert.checkIP('127.0.0.9')).toBe('127.0.0.9');
    expect(cert.checkHost('vm.bosh')).toBe('vm.bosh');
    expect(cert.ca).toBe(true);
    expect(made.ca).toBe(made.certificate);
  });
});
