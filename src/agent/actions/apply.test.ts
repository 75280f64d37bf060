import { describe, expect, it } from 'vitest';
import { decodeSettings } from '../settings/settings.js';
import { decodeApplySpec } from '../spec/apply-spec-codec.js';
import { populateDhcpNetworks } from './apply.js';

const settings = decodeSettings({
  agent_id: 'a',
  networks: {
    static: { type: 'manual', ip: '10.0.0.5', netmask: '255.255.255.0', gateway: '10.0.0.1' },
    dyn: { type: 'dynamic', ip: '10.1.0.7', netmask: '255.255.0.0', gateway: '10.1.0.1' },
  },
});

describe('apply: PopulateDHCPNetworks', () => {
  it('fills dynamic networks from the settings and leaves static ones as sent', () => {
    const spec = decodeApplySpec({
      networks: { static: { ip: '10.0.0.5', type: 'manual' }, dyn: { type: 'dynamic', default: ['dns'] } },
    });
    expect(populateDhcpNetworks(spec, settings).networks).toEqual({
      static: { ip: '10.0.0.5', type: 'manual' },
      dyn: { default: ['dns'], gateway: '10.1.0.1', ip: '10.1.0.7', netmask: '255.255.0.0', type: 'dynamic' },
    });
  });

  it('refuses a network the settings do not have, except the old local 127.0.0.1 network', () => {
    const spec = decodeApplySpec({ networks: { other: {}, local: { ip: '127.0.0.1' } } });
    expect(() => populateDhcpNetworks(spec, settings)).toThrow("Network 'other' is not found in settings");
    const local = decodeApplySpec({ networks: { local: { ip: '127.0.0.1' } } });
    expect(populateDhcpNetworks(local, settings).networks).toEqual({ local: { ip: '127.0.0.1' } });
  });
});
