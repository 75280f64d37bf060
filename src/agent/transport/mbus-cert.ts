import { createHash, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { encodePem } from '../../adapters/credentials/pem.js';
import { encodeName, signCertificate } from '../../adapters/credentials/x509-template.js';
import { atomicWrite } from '../../adapters/fs/atomic-write.js';
import { wrapError } from '../../base/errors.js';

export interface ServerCert {
  readonly certificate: string;
  readonly privateKey: string;
  /** The CA clients should trust: settings' `ca`, or the generated certificate itself. */
  readonly ca: string;
}

export interface CertRequest {
  /** `env.bosh.mbus.cert` from the settings. */
  readonly configured: { readonly ca: string; readonly certificate: string; readonly private_key: string };
  /** Where a generated certificate is kept (`bosh/mbus/{certificate,private_key,ca}.pem`). */
  readonly dir: string;
  /** Names and addresses the generated certificate is valid for. */
  readonly names: readonly string[];
  readonly commonName: string;
  readonly nowMs: number;
}

/**
 * The HTTPS mbus server certificate. bosh-agent uses `env.bosh.mbus.cert.certificate`/`private_key` and fails
 * without them; this agent does the same when they are given, and otherwise makes a self-signed certificate
 * (ECDSA P-256, 10 years, CA:TRUE so that clients can pin it as their CA) once, keeps it in `dir` and reuses it on
 * every boot. A client reads `dir/ca.pem` to trust it.
 */
export async function serverCertificate(req: CertRequest): Promise<ServerCert> {
  const { configured } = req;
  if (configured.certificate !== '' || configured.private_key !== '') {
    return { certificate: configured.certificate, privateKey: configured.private_key, ca: configured.ca };
  }
  const paths = {
    cert: join(req.dir, 'certificate.pem'),
    key: join(req.dir, 'private_key.pem'),
    ca: join(req.dir, 'ca.pem'),
  };
  try {
    const [certificate, privateKey] = await Promise.all([
      readFile(paths.cert, 'utf8'),
      readFile(paths.key, 'utf8'),
    ]);
    if (coversNames(certificate, req.names)) return { certificate, privateKey, ca: certificate };
  } catch {
    // None kept yet: make one.
  }
  const generated = selfSigned(req.commonName, req.names, req.nowMs);
  try {
    await mkdir(req.dir, { recursive: true, mode: 0o700 });
    // Atomic, CA last: clients poll for ca.pem and must never read it half written.
    await atomicWrite(paths.key, generated.privateKey, 0o600);
    await atomicWrite(paths.cert, generated.certificate, 0o644);
    await atomicWrite(paths.ca, generated.certificate, 0o644);
  } catch (e) {
    throw wrapError(e, 'Writing generated mbus certificate');
  }
  return generated;
}

function coversNames(pem: string, names: readonly string[]): boolean {
  const cert = new X509Certificate(pem);
  if (new Date(cert.validTo).getTime() < Date.now()) return false;
  return names.every((n) => (isIP(n) ? cert.checkIP(n) !== undefined : cert.checkHost(n) !== undefined));
}

/** A self-signed server certificate for `names` (IPs and DNS names). */
export function selfSigned(commonName: string, names: readonly string[], nowMs: number): ServerCert {
  // ECDSA P-256, not RSA 2048: generating an RSA key costs ~150 ms of CPU at every first boot, which adds up when a
  // deploy boots a hundred agents on a small host; the handshakes are cheaper too.
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const subject = encodeName('US', 'Cloud Foundry', commonName);
  const keyId = createHash('sha1').update(spki).digest();
  const now = BigInt(Math.floor(nowMs / 1000));
  const der = signCertificate(
    {
      serial: BigInt('0x' + randomBytes(16).toString('hex')),
      issuer: subject,
      subject,
      notBefore: now - 60n,
      notAfter: now + 10n * 365n * 86400n,
      subjectPublicKeyInfo: spki,
      keyUsage: ['digitalSignature', 'keyCertSign'],
      extKeyUsage: ['serverAuth'],
      isCa: true,
      subjectKeyId: keyId,
      authorityKeyId: keyId,
      dnsNames: names.filter((n) => isIP(n) === 0),
      ipAddresses: names.filter((n) => isIP(n) !== 0).map(ipBytes),
    },
    privateKey,
  );
  const certificate = encodePem('CERTIFICATE', der);
  return {
    certificate,
    privateKey: encodePem('EC PRIVATE KEY', privateKey.export({ type: 'sec1', format: 'der' })),
    ca: certificate,
  };
}

function ipBytes(ip: string): Uint8Array {
  if (isIP(ip) === 4) return Uint8Array.from(ip.split('.').map(Number));
  const [head = '', tail = ''] = ip.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const h = groups(head);
  const t = ip.includes('::') ? groups(tail) : [];
  const all = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return Uint8Array.from(all.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]));
}
