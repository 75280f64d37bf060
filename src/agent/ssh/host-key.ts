import { readFile } from 'node:fs/promises';
import { atomicWrite } from '../../adapters/fs/atomic-write.js';
import { generateEd25519KeyPair, loadedSsh2, loadSsh2 } from './ssh2-module.js';

/** The VM's SSH host key: the private key (OpenSSH format) and the public key in authorized_keys format. */
export interface HostKey {
  readonly privateKey: string;
  /** `ssh-ed25519 AAAA…` (no comment), what `ssh setup` answers as `host_public_key`. */
  readonly publicKey: string;
}

/**
 * The public half of a private key in authorized_keys format, or undefined when `text` is not a usable key (ssh2
 * must be loaded).
 */
export function publicKeyOf(privateKey: string): string | undefined {
  const parsed = loadedSsh2().utils.parseKey(privateKey);
  if (parsed instanceof Error || !parsed.isPrivateKey()) return undefined;
  return `${parsed.type} ${parsed.getPublicSSH().toString('base64')}`;
}

/**
 * The host key kept in `<file>` (0600) and `<file>.pub`, generated (ed25519) the first time, so a VM keeps its
 * identity across agent restarts. `onRegenerate` hears of a key file that exists but cannot be used.
 */
export async function loadOrCreateHostKey(
  file: string,
  onRegenerate: (why: string) => void,
): Promise<HostKey> {
  const { utils } = await loadSsh2();
  const existing = await readFile(file, 'utf8').catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  });
  if (existing !== undefined) {
    const publicKey = publicKeyOf(existing);
    if (publicKey !== undefined) {
      const pub = await readFile(`${file}.pub`, 'utf8').catch(() => undefined);
      if (pub?.trim() !== publicKey) await atomicWrite(`${file}.pub`, `${publicKey}\n`, 0o644);
      return { privateKey: existing, publicKey };
    }
    onRegenerate(`${file} holds no usable private key; generating a new host key`);
  }
  const pair = generateEd25519KeyPair(utils);
  const publicKey = publicKeyOf(pair.private);
  if (publicKey === undefined) throw new Error('Generating an SSH host key: unusable key');
  await atomicWrite(file, pair.private, 0o600);
  await atomicWrite(`${file}.pub`, `${publicKey}\n`, 0o644);
  return { privateKey: pair.private, publicKey };
}
