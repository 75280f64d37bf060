import { createPrivateKey, X509Certificate } from 'node:crypto';
import { checkServerIdentity, type ConnectionOptions, type PeerCertificate } from 'node:tls';
import type { NodeConnectionOptions } from '@nats-io/transport-node';
import type { CertKeyPair } from '../settings/settings.js';

/**
 * The server certificate's CommonName must match this (`natsHandler.VerifyPeerCertificate`; the `.` before `nats`
 * is unescaped there too). The director's NATS server certificate is `default.nats.bosh-internal`.
 */
export const NATS_SERVER_COMMON_NAME = /^[a-zA-Z0-9*-]*.nats.bosh-internal$/;

export type NatsTlsOptions = NonNullable<NodeConnectionOptions['tls']> &
  Pick<ConnectionOptions, 'checkServerIdentity' | 'minVersion'>;

/**
 * The client TLS of bosh-agent's NATS handler (`getConnectionInfo`): TLS 1.2 at least; the server chain verified
 * against `ca` (the system roots when it is empty); the server's address checked against the certificate's names
 * (nats.go sets ServerName to the host it dials, so Go checks the IP SANs for an IP and the DNS SANs for a name)
 * and its CommonName against `*.nats.bosh-internal`; the client certificate and key presented. Throws bosh-agent's
 * errors when the CA or the key pair does not parse.
 *
 * `dialing` names the host being dialed: the NATS client gives Node no server name for an IP address, and Node then
 * checks the certificate against `localhost`.
 */
export function natsTlsOptions(cert: CertKeyPair, dialing: () => string | undefined): NatsTlsOptions {
  if (cert.ca !== '') {
    try {
      new X509Certificate(cert.ca);
    } catch {
      throw new Error('Getting connection info: Failed to load Mbus CA cert');
    }
  }
  try {
    if (cert.certificate === '') throw new Error('tls: failed to find any PEM data in certificate input');
    if (cert.private_key === '') throw new Error('tls: failed to find any PEM data in key input');
    const x509 = new X509Certificate(cert.certificate);
    if (!x509.checkPrivateKey(createPrivateKey(cert.private_key))) {
      throw new Error('tls: private key does not match public key');
    }
  } catch (e) {
    throw new Error(
      `Getting connection info: Parsing certificate and private key: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return {
    cert: cert.certificate,
    key: cert.private_key,
    ...(cert.ca === '' ? {} : { ca: cert.ca }),
    minVersion: 'TLSv1.2',
    checkServerIdentity: (host, peer) => verifyNatsServer(dialing() ?? host, peer),
  };
}

/** Node's host check, then bosh-agent's CommonName check of the leaf certificate. */
export function verifyNatsServer(host: string, cert: PeerCertificate): Error | undefined {
  const mismatch = checkServerIdentity(host, cert);
  if (mismatch) return mismatch;
  // Several CNs come as an array; Go's pkix.Name keeps the last.
  const cn: unknown = (cert.subject as Partial<PeerCertificate['subject']> | undefined)?.CN;
  const commonName = Array.isArray(cn) ? (cn.at(-1) as unknown) : cn;
  if (typeof commonName === 'string' && NATS_SERVER_COMMON_NAME.test(commonName)) return undefined;
  return new Error('server Certificate CommonName does not match *.nats.bosh-internal');
}
