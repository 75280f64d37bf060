import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { DirectorAttributeRepo } from '../../ports/director-store.js';

/**
 * AES-256-GCM for the config server's values at rest. Each value gets a random 96-bit nonce; its name is the
 * additional authenticated data, so a ciphertext moved to another name does not decrypt. Text form:
 * `aes256gcm:v1:<nonce>:<tag>:<ciphertext>` (base64). Errors never include plaintext.
 */
export class ValueCipher {
  private static readonly PREFIX = 'aes256gcm:v1';

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('The config server encryption key must be 32 bytes');
  }

  encrypt(name: string, plaintext: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(name, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [nonce, cipher.getAuthTag(), body].map((b) => b.toString('base64'));
    return [ValueCipher.PREFIX, ...parts].join(':');
  }

  decrypt(name: string, text: string): string {
    const fields = text.split(':');
    const [nonce, tag, body] = fields.slice(2).map((f) => Buffer.from(f, 'base64'));
    if (
      fields.length !== 5 ||
      `${fields[0]}:${fields[1]}` !== ValueCipher.PREFIX ||
      !nonce ||
      !tag ||
      !body
    ) {
      throw new Error(`The stored value of '${name}' is not in a known encrypted form`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, nonce);
      decipher.setAAD(Buffer.from(name, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(`The stored value of '${name}' cannot be decrypted (wrong key or altered data)`);
    }
  }
}

/** The director attribute holding the key (base64) when no key file is configured. */
export const ENCRYPTION_KEY_ATTRIBUTE = 'config_server_encryption_key';

export interface CipherKeySource {
  /** A file holding the key: 32 raw bytes, or their base64 or hex text. Preferred: the DB then holds no key. */
  readonly keyFile?: string;
  /** Otherwise the key lives in `director_attributes`, created on first use (one key even if directors race). */
  readonly attributes?: DirectorAttributeRepo;
}

export async function loadValueCipher(source: CipherKeySource): Promise<ValueCipher> {
  if (source.keyFile !== undefined)
    return new ValueCipher(parseKey(await readFile(source.keyFile), source.keyFile));
  if (!source.attributes)
    throw new Error('The config server needs an encryption key file or the director database');
  const stored = await source.attributes.setIfMissing(
    ENCRYPTION_KEY_ATTRIBUTE,
    randomBytes(32).toString('base64'),
  );
  return new ValueCipher(
    parseKey(Buffer.from(stored, 'utf8'), `director attribute ${ENCRYPTION_KEY_ATTRIBUTE}`),
  );
}

function parseKey(bytes: Buffer, where: string): Buffer {
  if (bytes.length === 32) return bytes;
  const text = bytes.toString('utf8').trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  const decoded = Buffer.from(text, 'base64');
  if (decoded.length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(text)) return decoded;
  throw new Error(`The config server encryption key in ${where} is not 32 bytes (raw, hex or base64)`);
}
