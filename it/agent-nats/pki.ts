import { createHash, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { encodePem } from '../../src/adapters/credentials/pem.js';
import {
  encodeName,
  signCertificate,
  type ExtKeyUsage,
} from '../../src/adapters/credentials/x509-template.js';

/** A PEM certificate and its PKCS#1 private key. */
export interface Issued {
  readonly certificate: string;
  readonly privateKey: string;
}

interface Authority {
  readonly subject: Uint8Array;
  readonly key: KeyObject;
  readonly keyId: Uint8Array;
}

/** A CA that signs leaf certificates the way the director's NATS certificates look (C=USA, O=Cloud Foundry). */
export class TestCa {
  readonly certificate: string;
  private readonly authority: Authority;

  constructor(commonName = 'default.nats-ca.bosh-internal') {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const subject = encodeName('USA', 'Cloud Foundry', commonName);
    const keyId = createHash('sha1').update(spki).digest();
    this.authority = { subject, key: privateKey, keyId };
    this.certificate = encodePem(
      'CERTIFICATE',
      signCertificate(
        {
          ...validity(),
          serial: serial(),
          issuer: subject,
          subject,
          subjectPublicKeyInfo: spki,
          keyUsage: ['keyCertSign', 'cRLSign'],
          extKeyUsage: [],
          isCa: true,
          subjectKeyId: keyId,
          authorityKeyId: keyId,
          dnsNames: [],
          ipAddresses: [],
        },
        privateKey,
      ),
    );
  }

  /** A leaf certificate for `commonName`, valid for `names` (DNS names and IPs). */
  issue(commonName: string, usage: ExtKeyUsage, names: readonly string[] = []): Issued {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const der = signCertificate(
      {
        ...validity(),
        serial: serial(),
        issuer: this.authority.subject,
        subject: encodeName('USA', 'Cloud Foundry', commonName),
        subjectPublicKeyInfo: spki,
        keyUsage: ['digitalSignature', 'keyEncipherment'],
        extKeyUsage: [usage],
        isCa: false,
        subjectKeyId: createHash('sha1').update(spki).digest(),
        authorityKeyId: this.authority.keyId,
        dnsNames: names.filter((n) => isIP(n) === 0),
        ipAddresses: names
          .filter((n) => isIP(n) === 4)
          .map((ip) => Uint8Array.from(ip.split('.').map(Number))),
      },
      this.authority.key,
    );
    return {
      certificate: encodePem('CERTIFICATE', der),
      privateKey: encodePem('RSA PRIVATE KEY', privateKey.export({ type: 'pkcs1', format: 'der' })),
    };
  }
}

function validity() {
  const now = BigInt(Math.floor(Date.now() / 1000));
  return { notBefore: now - 3600n, notAfter: now + 86_400n };
}

function serial(): bigint {
  return BigInt('0x' + randomBytes(16).toString('hex'));
}
