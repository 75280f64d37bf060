import { describe, expect, it } from 'vitest';
import type { UpdateSettings } from '../../protocol/agent.js';
import { decodeSettings } from '../settings/settings.js';
import { mbusCerts, mbusUrls, natsEndpoint, redact } from './nats-settings.js';

const settings = (mbus: string, env: Record<string, unknown> = {}) =>
  decodeSettings({ agent_id: 'a-1', mbus, env: { bosh: env } });

const update = (mbus: UpdateSettings['mbus']): UpdateSettings => ({
  blobstores: null,
  disk_associations: null,
  mbus,
  trusted_certs: '',
});

const cert = (name: string) => ({
  ca: `${name}-ca`,
  certificate: `${name}-cert`,
  private_key: `${name}-key`,
});

describe('mbusUrls (GetMbusURLs)', () => {
  it('prefers update_settings, then env.bosh.mbus.urls, then settings.mbus', () => {
    const s = settings('nats://top:4222', { mbus: { urls: ['nats://env-1:4222', 'nats://env-2:4222'] } });
    expect(mbusUrls(s, undefined)).toEqual(['nats://env-1:4222', 'nats://env-2:4222']);
    expect(mbusUrls(s, update({ cert: cert(''), urls: ['nats://upd:4222'] }))).toEqual(['nats://upd:4222']);
    expect(mbusUrls(s, update({ cert: cert(''), urls: [] }))).toEqual([
      'nats://env-1:4222',
      'nats://env-2:4222',
    ]);
    expect(mbusUrls(settings('nats://top:4222'), undefined)).toEqual(['nats://top:4222']);
    expect(mbusUrls(settings(''), undefined)).toEqual([]);
  });
});

describe('mbusCerts (GetMbusCerts)', () => {
  it('takes update_settings mbus.cert only when its CA is set', () => {
    const s = settings('nats://h:4222', { mbus: { cert: cert('env') } });
    expect(mbusCerts(s, undefined)).toEqual(cert('env'));
    expect(mbusCerts(s, update({ cert: cert('upd'), urls: null }))).toEqual(cert('upd'));
    expect(mbusCerts(s, update({ cert: { ...cert('upd'), ca: '' }, urls: null }))).toEqual(cert('env'));
  });
});

describe('natsEndpoint', () => {
  it('lists host:port of every URL and takes the credentials of the first one that has them', () => {
    expect(
      natsEndpoint(['nats://10.0.0.6:4222', 'nats://nats:p%40ss@10.0.0.7:4333', 'nats://other:x@10.0.0.8']),
    ).toEqual({ servers: ['10.0.0.6:4222', '10.0.0.7:4333', '10.0.0.8:4222'], user: 'nats', pass: 'p@ss' });
  });

  it('reads userinfo without a password as a token, and keeps IPv6 brackets', () => {
    expect(natsEndpoint(['nats://s3cret@[::1]:4222'])).toEqual({ servers: ['[::1]:4222'], token: 's3cret' });
    expect(natsEndpoint(['nats://user:@h:1'])).toEqual({ servers: ['h:1'], user: 'user', pass: '' });
  });

  it('refuses URLs it cannot dial, without showing passwords', () => {
    expect(() => natsEndpoint([])).toThrow('Getting connection info: no mbus URL');
    expect(() => natsEndpoint(['https://u:secret@h:1'])).toThrow(
      'Getting connection info: Parsing Nats URL "https://u:*****@h:1": unsupported scheme',
    );
    expect(() => natsEndpoint(['not a url'])).toThrow('Parsing Nats URL "not a url"');
  });
});

describe('redact', () => {
  it('hides the password of a URL', () => {
    expect(redact('nats://nats:pw@127.0.0.1:4222')).toBe('nats://nats:*****@127.0.0.1:4222');
    expect(redact('nats://127.0.0.1:4222')).toBe('nats://127.0.0.1:4222');
  });
});
