import { createHash, randomBytes } from 'node:crypto';
import { wrapError } from '../../base/errors.js';
import type { YamlMap, YamlValue } from '../../base/yaml/value.js';
import { unsignedBytes } from './der.js';
import { field, objToStruct } from './go-params.js';
import { encodePem } from './pem.js';
import { PUBLIC_EXPONENT, type RsaKey } from './rsa-keygen.js';

/** config-server's password, rsa and ssh generators. rsa and ssh take no options and do not look at them. */

export const KEY_PAIR_BITS = 2048;
const PASSWORD_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
const DEFAULT_PASSWORD_LENGTH = 20n;
const PASSWORD_PARAMS = { typeName: 'types.passwordParams', fields: { length: 'int' } } as const;

export function generatePassword(options: YamlValue): string {
  let length: bigint;
  try {
    length = field.int(objToStruct(options, PASSWORD_PARAMS), 'length');
  } catch (e) {
    throw wrapError(e, 'Failed to generate password, parameters are invalid');
  }
  if (length < 0n) throw new Error("Failed to generate password, 'length' param cannot be negative");
  if (length === 0n) length = DEFAULT_PASSWORD_LENGTH;
  return randomChars(Number(length));
}

/** Uniform over the 36 characters, like crypto/rand.Int: bytes of 252 or more are redrawn to avoid bias. */
function randomChars(length: number): string {
  const limit = 256 - (256 % PASSWORD_CHARS.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(Math.max(16, length - out.length + 8))) {
      if (byte >= limit) continue;
      out += PASSWORD_CHARS.charAt(byte % PASSWORD_CHARS.length);
      if (out.length === length) break;
    }
  }
  return out;
}

const pkcs1Pem = (key: RsaKey) =>
  encodePem('RSA PRIVATE KEY', key.privateKey.export({ type: 'pkcs1', format: 'der' }));

export function rsaValue(key: RsaKey): YamlMap {
  return new Map([
    ['private_key', pkcs1Pem(key)],
    ['public_key', encodePem('PUBLIC KEY', key.publicKey.export({ type: 'spki', format: 'der' }))],
  ]);
}

/** `public_key` in authorized_keys form without a comment; the fingerprint is the MD5 of the key blob. */
export function sshValue(key: RsaKey): YamlMap {
  const blob = sshPublicKeyBlob(key.modulus);
  const digest = createHash('md5').update(blob).digest();
  return new Map([
    ['private_key', pkcs1Pem(key)],
    ['public_key', `ssh-rsa ${blob.toString('base64')}\n`],
    ['public_key_fingerprint', [...digest].map((b) => b.toString(16).padStart(2, '0')).join(':')],
  ]);
}

/** RFC 4253 ssh-rsa: string "ssh-rsa", mpint e, mpint n (mpints get a 0x00 byte when the top bit is set). */
export function sshPublicKeyBlob(modulus: bigint): Buffer {
  const sshString = (bytes: Uint8Array) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(bytes.length);
    return Buffer.concat([len, bytes]);
  };
  const mpint = (v: bigint) => {
    const bytes = unsignedBytes(v);
    return sshString((bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.of(0), bytes]) : bytes);
  };
  return Buffer.concat([sshString(Buffer.from('ssh-rsa')), mpint(PUBLIC_EXPONENT), mpint(modulus)]);
}
