import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSshCredentials, sshRsaBlob } from './ssh-key.js';

const hasKeygen = spawnSync('ssh-keygen', ['-?']).error === undefined;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ssh-key-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bosh ssh key pairs', () => {
  it('names the user bosh_ and 15 hex digits of a UUID (20 characters at most, for Windows)', () => {
    const creds = newSshCredentials(() => '0123abcd-4567-89ef-0123-456789abcdef');
    expect(creds.username).toBe('bosh_0123abcd456789e');
    expect(creds.username.length).toBe(20);
  });

  it('writes the private key as PKCS#1 PEM and the public key as an authorized_keys line', () => {
    const creds = newSshCredentials(() => '00000000-0000-0000-0000-000000000000');
    expect(creds.privateKey).toMatch(
      /^-----BEGIN RSA PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END RSA PRIVATE KEY-----\n$/,
    );
    expect(creds.publicKey).toMatch(/^ssh-rsa AAAAB3NzaC1yc2EAAAADAQAB[A-Za-z0-9+/=]+\n$/);
  });

  it.skipIf(!hasKeygen)("is read back by OpenSSH's ssh-keygen -y as the same public key", async () => {
    const creds = newSshCredentials(() => '00000000-0000-0000-0000-000000000000');
    const file = join(dir, 'key');
    await writeFile(file, creds.privateKey, { mode: 0o600 });
    const derived = spawnSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' });
    expect(derived.stderr).toBe('');
    expect(derived.stdout).toBe(creds.publicKey);
    // And it is a 2048-bit RSA key.
    const info = spawnSync('ssh-keygen', ['-l', '-f', file], { encoding: 'utf8' });
    expect(info.stdout).toMatch(/^2048 SHA256:\S+ .*\(RSA\)\n$/);
  });

  it('encodes mpints as two-complement numbers: a set top bit gets a 0x00 byte, leading zeros go', () => {
    const blob = sshRsaBlob(Uint8Array.of(1, 0, 1), Uint8Array.of(0, 0, 0x80, 1));
    expect([...blob]).toEqual([
      ...[0, 0, 0, 7, ...Buffer.from('ssh-rsa')],
      ...[0, 0, 0, 3, 1, 0, 1],
      ...[0, 0, 0, 3, 0, 0x80, 1],
    ]);
  });
});
