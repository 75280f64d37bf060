/**
 * bosh-cli `director.NewSSHOpts`: a fresh RSA 2048 key pair and a user `bosh_<15 hex of a UUID>` (at most 20
 * characters, for Windows) for each `bosh ssh` / `bosh logs -f`. The private key is PKCS#1 PEM (`BEGIN RSA PRIVATE
 * KEY`, as OpenSSH reads it), the public key an authorized_keys line `ssh-rsa <base64>\n` (Go's MarshalAuthorizedKey).
 */
import { generateKeyPairSync } from 'node:crypto';
import { wrapError } from '../../base/errors.js';

export interface SshCredentials {
  readonly username: string;
  readonly publicKey: string;
  readonly privateKey: string;
}

/** RFC 4253 `ssh-rsa` key blob: string "ssh-rsa", mpint e, mpint n. */
export function sshRsaBlob(e: Uint8Array, n: Uint8Array): Buffer {
  const sshString = (bytes: Uint8Array): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(bytes.length);
    return Buffer.concat([len, bytes]);
  };
  // An mpint is two's complement: a leading 0x00 keeps a set top bit from reading as negative.
  const mpint = (bytes: Uint8Array): Buffer => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
    const trimmed = bytes.subarray(start);
    return sshString(((trimmed[0] ?? 0) & 0x80) !== 0 ? Buffer.concat([Buffer.of(0), trimmed]) : trimmed);
  };
  return Buffer.concat([sshString(Buffer.from('ssh-rsa')), mpint(e), mpint(n)]);
}

function makeKeyPair(): { privateKey: string; publicKey: string } {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = pair.publicKey.export({ format: 'jwk' });
  const e = Buffer.from(jwk.e ?? '', 'base64url');
  const n = Buffer.from(jwk.n ?? '', 'base64url');
  return {
    privateKey: pair.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKey: `ssh-rsa ${sshRsaBlob(e, n).toString('base64')}\n`,
  };
}

export function newSshCredentials(newUuid: () => string): SshCredentials {
  let pair;
  try {
    pair = makeKeyPair();
  } catch (e) {
    throw wrapError(wrapError(e, 'Generating SSH key pair'), 'Generating SSH options');
  }
  return { username: `bosh_${newUuid().replaceAll('-', '').slice(0, 15)}`, ...pair };
}
