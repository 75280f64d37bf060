import type { PeerCertificate } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { selfSigned } from './mbus-cert.js';
import { NATS_SERVER_COMMON_NAME, natsTlsOptions, verifyNatsServer } from './nats-tls.js';

const peer = (cn: string | string[], altNames: string): PeerCertificate =>
  ({ subject: { CN: cn }, subjectaltname: altNames }) as unknown as PeerCertificate;

describe('verifyNatsServer', () => {
  it('accepts a certificate naming the address with a *.nats.bosh-internal CommonName', () => {
    expect(
      verifyNatsServer('10.0.0.6', peer('default.nats.bosh-internal', 'IP Address:10.0.0.6')),
    ).toBeUndefined();
    expect(
      verifyNatsServer('nats.internal', peer('a-1.nats.bosh-internal', 'DNS:nats.internal')),
    ).toBeUndefined();
  });

  it("refuses a certificate that does not name the address (Go checks the dialed host's SANs)", () => {
    expect(
      verifyNatsServer('10.0.0.6', peer('default.nats.bosh-internal', 'DNS:nats.internal'))?.message,
    ).toMatch(/IP: 10\.0\.0\.6 is not in the cert's list/);
  });

  it('refuses another CommonName, checking the last CN as Go does', () => {
    expect(verifyNatsServer('10.0.0.6', peer('nats.example.com', 'IP Address:10.0.0.6'))?.message).toBe(
      'server Certificate CommonName does not match *.nats.bosh-internal',
    );
    expect(
      verifyNatsServer('10.0.0.6', peer(['default.nats.bosh-internal', 'x.example'], 'IP Address:10.0.0.6')),
    ).toBeInstanceOf(Error);
    expect(
      verifyNatsServer('10.0.0.6', peer(['x.example', 'default.nats.bosh-internal'], 'IP Address:10.0.0.6')),
    ).toBeUndefined();
  });

  it("keeps bosh-agent's pattern, unescaped dot included", () => {
    expect(NATS_SERVER_COMMON_NAME.test('*.nats.bosh-internal')).toBe(true);
    expect(NATS_SERVER_COMMON_NAME.test('xnats.bosh-internal')).toBe(true);
    expect(NATS_SERVER_COMMON_NAME.test('a.b.nats.bosh-internal')).toBe(false);
    expect(NATS_SERVER_COMMON_NAME.test('default.nats.bosh-internal.evil')).toBe(false);
  });
});

describe('natsTlsOptions', () => {
  const client = selfSigned('agent-1.agent.bosh-internal', [], Date.now());
  const other = selfSigned('other', [], Date.now());
  const dialing = () => '127.0.0.1';

  it('presents the client certificate and trusts the mbus CA, TLS 1.2 at least', () => {
    const o = natsTlsOptions(
      { ca: other.certificate, certificate: client.certificate, private_key: client.privateKey },
      dialing,
    );
    expect(o).toMatchObject({
      cert: client.certificate,
      key: client.privateKey,
      ca: other.certificate,
      minVersion: 'TLSv1.2',
    });
    // The system roots when the CA is empty.
    expect(
      natsTlsOptions({ ca: '', certificate: client.certificate, private_key: client.privateKey }, dialing),
    ).not.toHaveProperty('ca');
  });

  it('checks the host being dialed, not the name Node falls back to', () => {
    const o = natsTlsOptions(
      { ca: '', certificate: client.certificate, private_key: client.privateKey },
      dialing,
    );
    const check = o.checkServerIdentity;
    expect(check?.('localhost', peer('default.nats.bosh-internal', 'IP Address:127.0.0.1'))).toBeUndefined();
  });

  it('fails as bosh-agent does when the CA or the key pair does not parse', () => {
    expect(() =>
      natsTlsOptions(
        { ca: 'junk', certificate: client.certificate, private_key: client.privateKey },
        dialing,
      ),
    ).toThrow('Getting connection info: Failed to load Mbus CA cert');
    expect(() => natsTlsOptions({ ca: '', certificate: '', private_key: '' }, dialing)).toThrow(
      'Getting connection info: Parsing certificate and private key: tls: failed to find any PEM data in certificate input',
    );
    expect(() =>
      natsTlsOptions({ ca: '', certificate: client.certificate, private_key: other.privateKey }, dialing),
    ).toThrow('Parsing certificate and private key: tls: private key does not match public key');
  });
});
