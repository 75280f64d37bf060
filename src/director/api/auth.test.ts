import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authenticator, clientInfo, granted } from './auth.js';

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('local users (HTTP Basic)', () => {
  const auth = authenticator({ provider: 'local', users: [{ name: 'admin', password: 's3cr:et' }] });
  it('lets in a configured user as admin and nobody else', () => {
    expect(auth(basic('admin', 's3cr:et'), 0)).toEqual({ username: 'admin', scopes: ['bosh.admin'] });
    expect(auth(basic('admin', 'wrong'), 0)).toBeUndefined();
    expect(auth(basic('other', 's3cr:et'), 0)).toBeUndefined();
    expect(auth(undefined, 0)).toBeUndefined();
    expect(auth('Bearer abc', 0)).toBeUndefined();
  });
});

describe('UAA tokens', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const auth = authenticator({
    provider: 'uaa',
    urls: ['https://uaa:8443'],
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
  const token = (claims: Record<string, unknown>, alg = 'RS256') => {
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const body = `${enc({ alg, typ: 'JWT' })}.${enc(claims)}`;
    return `bearer ${body}.${sign('sha256', Buffer.from(body), privateKey).toString('base64url')}`;
  };

  it('accepts a valid signed token: user_name (or client_id) and its scopes', () => {
    expect(auth(token({ user_name: 'alice', scope: ['bosh.read'], exp: 2000 }), 1000)).toEqual({
      username: 'alice',
      scopes: ['bosh.read'],
    });
    expect(auth(token({ client_id: 'ci', scope: ['bosh.admin'], exp: 2000 }), 1000)?.username).toBe('ci');
  });

  it('refuses expired, refresh, tampered and unsigned tokens', () => {
    expect(auth(token({ user_name: 'a', exp: 999 }), 1000)).toBeUndefined();
    expect(auth(token({ user_name: 'a', exp: 2000, jti: 'abc-r' }), 1000)).toBeUndefined();
    const good = token({ user_name: 'a', exp: 2000 });
    const [h, , s] = good.slice('bearer '.length).split('.');
    const forged = Buffer.from(JSON.stringify({ user_name: 'root', exp: 2000 })).toString('base64url');
    expect(auth(`bearer ${h ?? ''}.${forged}.${s ?? ''}`, 1000)).toBeUndefined();
    expect(auth(token({ user_name: 'a', exp: 2000 }, 'none'), 1000)).toBeUndefined();
  });

  it('answers /info with the UAA urls', () => {
    expect(clientInfo({ provider: 'uaa', urls: ['https://u1', 'https://u2'], publicKey: '' })).toEqual({
      type: 'uaa',
      options: { url: 'https://u1', urls: ['https://u1', 'https://u2'] },
    });
  });
});

describe('scopes', () => {
  it('grant admin everything, read only reads, and upload scopes their uploads', () => {
    const who = (...scopes: string[]) => ({ username: 'u', scopes });
    expect(granted(who('bosh.admin'), 'admin', 'uuid')).toBe(true);
    expect(granted(who('bosh.uuid.admin'), 'admin', 'uuid')).toBe(true);
    expect(granted(who('bosh.other.admin'), 'admin', 'uuid')).toBe(false);
    expect(granted(who('bosh.read'), 'read', 'uuid')).toBe(true);
    expect(granted(who('bosh.read'), 'admin', 'uuid')).toBe(false);
    expect(granted(who('bosh.stemcells.upload'), 'upload_stemcell', 'uuid')).toBe(true);
    expect(granted(who('bosh.stemcells.upload'), 'upload_release', 'uuid')).toBe(false);
    expect(granted(who('bosh.releases.upload'), 'upload_release', 'uuid')).toBe(true);
  });
});
