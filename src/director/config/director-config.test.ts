import { describe, expect, it } from 'vitest';
import { decodeDirectorConfig } from './director-config.js';

const TLS = { certificate: 'CERT', private_key: 'KEY' };

describe('the director config', () => {
  it('fills defaults and resolves paths against the config file', () => {
    const c = decodeDirectorConfig({ data_dir: 'data', tls: TLS }, '/etc/director');
    expect(c).toMatchObject({
      name: 'bosh-ts',
      port: 25555,
      bind: '127.0.0.1',
      dataDir: '/etc/director/data',
      db: { adapter: 'sqlite', path: '/etc/director/director.db' },
      blobstorePath: '/etc/director/blobstore',
      userManagement: { provider: 'local', users: [] },
      workers: 3,
      cpi: undefined,
    });
    const pg = decodeDirectorConfig(
      {
        data_dir: '/d',
        tls: TLS,
        db: { adapter: 'postgres', user: 'bosh', password: 'p', database: 'bosh', port: 5433 },
        user_management: { provider: 'uaa', uaa: { urls: ['https://uaa'], public_key: 'PEM' } },
        cpi: { executable: 'cpi', config: 'cpi.json' },
      },
      '/etc',
    );
    expect(pg.db).toEqual({
      adapter: 'postgres',
      host: '127.0.0.1',
      port: 5433,
      user: 'bosh',
      password: 'p',
      database: 'bosh',
    });
    expect(pg.userManagement).toEqual({ provider: 'uaa', urls: ['https://uaa'], publicKey: 'PEM' });
    expect(pg.cpi).toEqual({ executable: '/etc/cpi', config: '/etc/cpi.json', serve: false });
  });

  it('serves the CPI from one process only when cpi.serve is true', () => {
    const cpi = (serve: unknown) =>
      decodeDirectorConfig(
        { data_dir: 'd', tls: TLS, cpi: { executable: '/c', config: '/c.json', serve } },
        '/',
      ).cpi;
    expect(cpi(true)).toEqual({ executable: '/c', config: '/c.json', serve: true });
    expect(cpi(false)?.serve).toBe(false);
    expect(cpi(undefined)?.serve).toBe(false);
    expect(() => cpi('yes')).toThrow("Invalid director config:\n- 'cpi.serve' must be true or false");
  });

  it('schedules the orphaned VM cleanup every 5 minutes unless vms.cleanup_interval says otherwise (0: never)', () => {
    const interval = (vms?: unknown) =>
      decodeDirectorConfig({ data_dir: 'd', tls: TLS, ...(vms === undefined ? {} : { vms }) }, '/')
        .orphanedVmCleanupInterval;
    expect(interval()).toBe(300);
    expect(interval({ cleanup_interval: 2 })).toBe(2);
    expect(interval({ cleanup_interval: 0 })).toBe(0);
    expect(() => interval({ cleanup_interval: 'often' })).toThrow(
      "Invalid director config:\n- 'vms.cleanup_interval' must be a non-negative integer",
    );
  });

  it('lists every problem at once', () => {
    expect(() =>
      decodeDirectorConfig(
        {
          port: -1,
          tls: {},
          db: { adapter: 'mysql' },
          blobstore: { provider: 's3' },
          user_management: { provider: 'ldap' },
          vms: 5,
        },
        '/',
      ),
    ).toThrow(
      [
        'Invalid director config:',
        "- 'data_dir' must be a non-empty string",
        "- 'user_management.provider' must be 'local' or 'uaa', got \"ldap\"",
        "- 'db.adapter' must be 'sqlite' or 'postgres', got \"mysql\"",
        "- 'blobstore.provider' must be 'local', got \"s3\"",
        "- 'vms' must be a hash",
        "- 'port' must be a non-negative integer",
        "- 'tls.certificate' must be a non-empty string",
        "- 'tls.private_key' must be a non-empty string",
      ].join('\n'),
    );
    expect(() => decodeDirectorConfig('nope', '/')).toThrow('- expected a YAML hash');
  });
});
