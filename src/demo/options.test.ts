import { describe, expect, it } from 'vitest';
import { parseDemoArgs } from './options.js';

describe('parseDemoArgs', () => {
  it('defaults to bringing the demo up in ~/.bosh-ts/demo on 127.77.0.0/24', () => {
    expect(parseDemoArgs([], {}, '/home/u')).toEqual({
      mode: 'up',
      dataDir: '/home/u/.bosh-ts/demo',
      port: undefined,
      network: '127.77.0.0/24',
    });
  });

  it('takes flags over the environment, in both --flag value and --flag=value forms', () => {
    const env = { BOSH_TS_DEMO_DIR: '/e', BOSH_TS_DEMO_PORT: '1', BOSH_TS_DEMO_NETWORK: '127.1.0.0/24' };
    expect(parseDemoArgs([], env, '/h')).toMatchObject({ dataDir: '/e', port: 1, network: '127.1.0.0/24' });
    expect(
      parseDemoArgs(['--down', '--dir', '/f', '--port=2', '--network', '127.2.0.0/16'], env, '/h'),
    ).toEqual({ mode: 'down', dataDir: '/f', port: 2, network: '127.2.0.0/16' });
    expect(parseDemoArgs(['-h'], env, '/h').mode).toBe('help');
  });

  it('names what is wrong', () => {
    expect(() => parseDemoArgs(['--port', '0'], {}, '/h')).toThrow("port must be 1-65535, got '0'");
    expect(() => parseDemoArgs(['--port'], {}, '/h')).toThrow('--port needs a value');
    expect(() => parseDemoArgs(['--network', '127.0.0.1/30'], {}, '/h')).toThrow(
      "network must be a 127.x.y.z CIDR such as 127.77.0.0/24 (prefix 8-29), got '127.0.0.1/30'",
    );
    expect(() => parseDemoArgs(['--network', '10.0.0.0/24'], {}, '/h')).toThrow('must be a 127.x.y.z CIDR');
    expect(() => parseDemoArgs(['--up'], {}, '/h')).toThrow("unknown argument '--up'");
  });
});
