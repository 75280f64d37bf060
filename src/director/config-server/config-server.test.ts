import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mapOf, type YamlValue } from '../../base/yaml/value.js';
import { ENCRYPTION_KEY_ATTRIBUTE, ValueCipher, loadValueCipher } from './cipher.js';
import { openFixture, type ConfigServerFixture } from '../../testing/director-config-server-fixture.js';

let fx: ConfigServerFixture;
beforeEach(async () => {
  fx = await openFixture();
});
afterEach(() => fx.close());

const field = (v: YamlValue, key: string): YamlValue => (v instanceof Map ? (v.get(key) ?? null) : null);

describe('encryption at rest', () => {
  it('stores no plaintext: the raw row holds AES-256-GCM text that decrypts back', async () => {
    const { id, value } = await fx.server.generate('/dir/dep/pw', 'password', null);
    expect(typeof value).toBe('string');
    const raw = new SqliteDatabase(fx.dbPath, { readonly: true });
    const rows = raw.prepare('select * from config_server_values').all() as Record<string, unknown>[];
    raw.close();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(value as string);
    expect(String(rows[0]?.['ciphertext'])).toMatch(/^aes256gcm:v1:[^:]+:[^:]+:[^:]+$/);
    expect((await fx.server.getById(id))?.value).toBe(value);
  });

  it('keeps one key in director_attributes across loads; a ciphertext does not open under another name or key', async () => {
    const key = await fx.store.attributes.get(ENCRYPTION_KEY_ATTRIBUTE);
    expect(Buffer.from(key ?? '', 'base64')).toHaveLength(32);
    const again = await loadValueCipher({ attributes: fx.store.attributes });
    const first = await loadValueCipher({ attributes: fx.store.attributes });
    const text = first.encrypt('/a', 'secret');
    expect(again.decrypt('/a', text)).toBe('secret');
    expect(() => again.decrypt('/b', text)).toThrow("The stored value of '/b' cannot be decrypted");
    const other = new ValueCipher(Buffer.alloc(32, 7));
    expect(() => other.decrypt('/a', text)).toThrow(/cannot be decrypted \(wrong key or altered data\)$/);
  });

  it('reads a key file (raw, hex or base64) and refuses a wrong size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bosh-ts-key-'));
    try {
      const key = Buffer.alloc(32, 3);
      for (const content of [key, key.toString('hex'), key.toString('base64') + '\n']) {
        writeFileSync(join(dir, 'k'), content);
        const cipher = await loadValueCipher({ keyFile: join(dir, 'k') });
        expect(new ValueCipher(key).decrypt('/x', cipher.encrypt('/x', 'v'))).toBe('v');
      }
      writeFileSync(join(dir, 'k'), 'short');
      await expect(loadValueCipher({ keyFile: join(dir, 'k') })).rejects.toThrow('is not 32 bytes');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('generation types', () => {
  it('password: 30 lowercase letters and digits by default, `length` honoured', async () => {
    expect((await fx.server.generate('/p1', 'password', null)).value).toMatch(/^[a-z0-9]{30}$/);
    expect((await fx.server.generate('/p2', 'password', mapOf({ length: 12 }))).value).toMatch(
      /^[a-z0-9]{12}$/,
    );
    await expect(fx.server.generate('/p3', 'password', mapOf({ nope: 1 }))).rejects.toThrow(
      "Unsupported parameter 'nope'",
    );
  });

  it('user: {username, password}, username fixed by option', async () => {
    const random = (await fx.server.generate('/u1', 'user', null)).value;
    expect(field(random, 'username')).toMatch(/^[a-z]{20}$/);
    expect(field(random, 'password')).toMatch(/^[a-z0-9]{30}$/);
    const fixed = (await fx.server.generate('/u2', 'user', mapOf({ username: 'admin', length: 8 }))).value;
    expect(field(fixed, 'username')).toBe('admin');
    expect(field(fixed, 'password')).toMatch(/^[a-z0-9]{8}$/);
  });

  it('ssh and rsa key pairs; an unknown type is refused', async () => {
    const ssh = (await fx.server.generate('/ssh', 'ssh', null)).value;
    expect(field(ssh, 'public_key')).toMatch(/^ssh-rsa /);
    expect(field(ssh, 'public_key_fingerprint')).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const rsa = (await fx.server.generate('/rsa', 'rsa', null)).value;
    expect(field(rsa, 'private_key')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    await expect(fx.server.generate('/v', 'value', null)).rejects.toThrow('Unsupported value type: value');
  });

  it('certificate signed by a CA stored under another name', async () => {
    const ca = await fx.server.generate(
      '/dir/dep/ca',
      'certificate',
      mapOf({ is_ca: true, common_name: 'ca' }),
    );
    const leaf = await fx.server.generate(
      '/dir/dep/leaf',
      'certificate',
      mapOf({ ca: '/dir/dep/ca', common_name: 'leaf', alternative_names: ['leaf.internal'] }),
    );
    const caCert = new X509Certificate(field(ca.value, 'certificate') as string);
    const cert = new X509Certificate(field(leaf.value, 'certificate') as string);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.subject).toContain('CN=leaf');
    expect(field(leaf.value, 'ca')).toBe(field(ca.value, 'certificate'));
    await expect(
      fx.server.generate('/x', 'certificate', mapOf({ ca: '/missing', common_name: 'x' })),
    ).rejects.toThrow(
      "Failed to generate value for '/x' with type 'certificate': Loading certificates: " +
        "Expected to find variable '/missing' with a certificate",
    );
  });

  it('refuses relative names', async () => {
    await expect(fx.server.generate('pw', 'password', null)).rejects.toThrow(
      "Config server names must be absolute: 'pw'",
    );
  });
});

describe('modes', () => {
  it('no-overwrite keeps the value even when options change; overwrite makes a new version', async () => {
    const first = await fx.server.generate('/m', 'password', null);
    const kept = await fx.server.generate('/m', 'password', mapOf({ length: 5 }));
    expect(kept).toEqual({ ...first, generated: false });
    const next = await fx.server.generate('/m', 'password', null, 'overwrite');
    expect(next.id).not.toBe(first.id);
    expect((await fx.server.getLatest('/m'))?.id).toBe(next.id);
    expect((await fx.server.getById(first.id))?.value).toBe(first.value);
  });

  it('converge regenerates only when type or options change, keys in any order', async () => {
    const opts = mapOf({ length: 10 });
    const first = await fx.server.generate('/c', 'password', opts, 'converge');
    expect((await fx.server.generate('/c', 'password', mapOf({ length: 10 }), 'converge')).id).toBe(first.id);
    const changed = await fx.server.generate('/c', 'password', mapOf({ length: 11 }), 'converge');
    expect(changed.generated).toBe(true);
    expect(changed.value).toMatch(/^[a-z0-9]{11}$/);
    const retyped = await fx.server.generate('/c', 'user', mapOf({ length: 11 }), 'converge');
    expect(retyped.id).not.toBe(changed.id);
  });

  it('converge regenerates a certificate whose CA got a new version', async () => {
    const caOpts = mapOf({ is_ca: true, common_name: 'ca' });
    await fx.server.generate('/ca', 'certificate', caOpts);
    const opts = mapOf({ ca: '/ca', common_name: 'leaf' });
    const leaf = await fx.server.generate('/leaf', 'certificate', opts, 'converge');
    expect((await fx.server.generate('/leaf', 'certificate', opts, 'converge')).id).toBe(leaf.id);
    await fx.server.generate('/ca', 'certificate', caOpts, 'overwrite');
    expect((await fx.server.generate('/leaf', 'certificate', opts, 'converge')).id).not.toBe(leaf.id);
  });

  it('concurrent generations of one name create one version', async () => {
    const [a, b] = await Promise.all([
      fx.server.generate('/race', 'password', null),
      fx.server.generate('/race', 'password', null),
    ]);
    expect(a.id).toBe(b.id);
  });
});
