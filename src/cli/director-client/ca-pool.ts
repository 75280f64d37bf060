import { X509Certificate } from 'node:crypto';

/**
 * bosh-utils crypto.CertPoolFromPEM: every PEM block must be a CERTIFICATE without headers and parse as one;
 * text after the last block must be blank. Returns the PEM for TLS, or undefined for no CA (default roots).
 */
export function validateCaPem(pem: string): string | undefined {
  if (pem === '') return undefined;
  const blocks = /-----BEGIN ([^-\n]*)-----\r?\n([\s\S]*?)-----END \1-----/g;
  let index = 1;
  let last = 0;
  for (let m = blocks.exec(pem); m !== null; m = blocks.exec(pem), index++) {
    last = m.index + m[0].length;
    const body = m[2] ?? '';
    if (m[1] !== 'CERTIFICATE' || /^[\w-]+:/m.test(body)) {
      throw new Error(`Parsing certificate ${index.toString()}: Not a certificate`);
    }
    try {
      new X509Certificate(m[0]);
    } catch {
      throw new Error(`Parsing certificate ${index.toString()}: x509: malformed certificate`);
    }
  }
  if (pem.slice(last).trim() !== '')
    throw new Error(`Parsing certificate ${index.toString()}: Missing PEM block`);
  return pem;
}
