import { describe, expect, it } from 'vitest';
import { foreignLinkContent } from './foreign.js';

const instance = { name: 'db', id: 'u0', index: 0, bootstrap: true, az: null, address: 'stored' };

describe('foreignLinkContent', () => {
  it('reads dns_addresses when the provider deployment used DNS addresses', () => {
    const content = foreignLinkContent(
      {
        deployment_name: 'prov',
        default_network: 'a',
        instance_group: 'db',
        use_dns_addresses: true,
        instances: [{ ...instance, addresses: { a: '10.0.0.2' }, dns_addresses: { a: 'u0.db.a.prov.bosh' } }],
      },
      null,
    );
    expect(typeof content === 'string' ? content : content.instances[0]?.address).toBe('u0.db.a.prov.bosh');
  });

  it('keeps a content without default network as stored, unless the consumer names a network', () => {
    const stored = {
      deployment_name: 'prov',
      instance_group: 'db',
      instances: [{ ...instance, addresses: {} }],
    };
    const kept = foreignLinkContent(stored, null);
    expect(kept).toEqual({
      deployment_name: 'prov',
      domain: '',
      instance_group: 'db',
      properties: null,
      instances: [{ name: 'db', id: 'u0', index: 0, bootstrap: true, az: null, address: 'stored' }],
    });
    expect(foreignLinkContent(stored, 'a')).toBe("Provider link does not have network: 'a'");
  });

  it('reads a missing or malformed content as a link without instances', () => {
    expect(foreignLinkContent(null, null)).toEqual({
      deployment_name: '',
      domain: '',
      instance_group: '',
      properties: null,
      instances: [],
    });
  });
});
