import { describe, expect, it } from 'vitest';
import { bindJobProperties, lookupProperty, sortProperty } from './properties.js';

describe('bindJobProperties', () => {
  const definitions = {
    port: { default: 8080 },
    'tls.enabled': { default: false },
    'tls.cert': {},
    'nested.map': { default: { z: 1, a: { y: 2, b: 3 } } },
    name: null,
  };

  it('takes manifest values over defaults, nests dotted names and keeps missing ones as nil', () => {
    const bound = bindJobProperties(definitions, { port: 9090, tls: { cert: 'PEM' }, extra: 'dropped' });
    expect(bound).toEqual({
      port: 9090,
      tls: { enabled: false, cert: 'PEM' },
      nested: { map: { a: { b: 3, y: 2 }, z: 1 } },
      name: null,
    });
    expect(Object.keys((bound['nested'] as { map: object }).map)).toEqual(['a', 'z']);
  });

  it('keeps false and empty values given in the manifest instead of the default', () => {
    const bound = bindJobProperties({ a: { default: true }, b: { default: 'x' } }, { a: false, b: '' });
    expect(bound).toEqual({ a: false, b: '' });
  });

  it('copies defaults so that callers and templates do not share objects', () => {
    const shared = { list: [1] };
    const defs = { x: { default: shared } };
    const bound = bindJobProperties(defs, {});
    expect(bound['x']).toEqual(shared);
    expect(bound['x']).not.toBe(shared);
  });

  it('fails like BOSH when a dotted name walks through a non-hash', () => {
    expect(() => bindJobProperties({ 'tls.cert': {} }, { tls: 'yes' })).toThrow(
      "Property 'tls.cert' expects a hash, but received 'String'",
    );
    expect(() => bindJobProperties({ 'a.b.c': {} }, { a: { b: [1] } })).toThrow("received 'Array'");
  });
});

describe('lookupProperty / sortProperty', () => {
  it('treats null like a missing value', () => {
    expect(lookupProperty({ a: { b: null } }, 'a.b')).toBeUndefined();
    expect(lookupProperty({ a: { b: 0 } }, 'a.b')).toBe(0);
  });

  it('sorts hash keys recursively but not arrays', () => {
    expect(JSON.stringify(sortProperty({ b: [{ d: 1, c: 2 }], a: 1 }))).toBe('{"a":1,"b":[{"d":1,"c":2}]}');
  });
});
