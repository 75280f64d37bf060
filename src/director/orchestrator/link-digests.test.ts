import { describe, expect, it } from 'vitest';
import { linksDigest, withLinksDigest } from './link-digests.js';

const link = (addresses: string[]) => ({
  instances: addresses.map((address, index) => ({
    name: 's',
    id: `u${String(index)}`,
    index,
    az: null,
    address,
    bootstrap: index === 0,
  })),
  properties: { port: 1, tls: { on: false } },
});

describe('linksDigest', () => {
  it('is absent for jobs that consume nothing, so their digest stays as it was', () => {
    expect(linksDigest([{ name: 'web', links: {} }])).toBeUndefined();
    expect(withLinksDigest('web={}', undefined)).toBe('web={}');
  });

  it('ignores key order and changes with any address', () => {
    const one = linksDigest([{ name: 'client', links: { conn: link(['10.0.0.2']) } }]);
    const reordered = {
      properties: { tls: { on: false }, port: 1 },
      instances: link(['10.0.0.2']).instances,
    };
    expect(linksDigest([{ name: 'client', links: { conn: reordered } }])).toBe(one);
    expect(linksDigest([{ name: 'client', links: { conn: link(['10.0.0.2', '10.0.0.3']) } }])).not.toBe(one);
    expect(withLinksDigest('client={}', one)).toBe(`client={};links=${one ?? ''}`);
  });
});
