import { describe, expect, it } from 'vitest';
import { errorChainMessage } from '../../base/errors.js';
import { GoFloat, mapOf, type YamlValue } from '../../base/yaml/value.js';
import { extractVarNames, interpolate } from './interpolator.js';
import { lookupDotted } from './lookup-dotted.js';
import { StaticVariables } from './static-variables.js';
import { definitionNamed, type Lookup } from './variables.js';

function lookupIn(entries: Record<string, YamlValue>): (name: string) => Promise<Lookup> {
  const vars = new StaticVariables(Object.entries(entries));
  return (name) => lookupDotted({ get: (n) => vars.get(definitionNamed(n)) }, name);
}

describe('extractVarNames', () => {
  it('finds ((name)), ((!name)) and (( name )) with letters, digits, _ - / .', () => {
    expect(extractVarNames('a ((x)) ((!y)) (( z )) ((/d/e-f_g.h)) ((é)) ((bad name))')).toEqual([
      'x',
      'y',
      'z',
      '/d/e-f_g.h',
      'é',
    ]);
  });
});

describe('interpolate', () => {
  it('keeps the type of a whole-value variable and formats embedded ints and strings', async () => {
    const doc = mapOf({
      whole: '((m))',
      port: '((p))',
      url: 'https://((h)):((p))/x',
      spaced: '(( h ))',
      inline: 'x-(( h ))',
    });
    const out = await interpolate(doc, lookupIn({ m: mapOf({ a: 1 }), p: 8443, h: 'example.com' }));
    expect(out).toEqual(
      mapOf({
        whole: mapOf({ a: 1 }),
        port: 8443,
        url: 'https://example.com:8443/x',
        spaced: 'example.com',
        inline: 'x-(( h ))',
      }),
    );
  });

  it('leaves unknown variables as written and does not interpolate found values again', async () => {
    const out = await interpolate(['((missing))', '((v))'], lookupIn({ v: '((w))', w: 'deep' }));
    expect(out).toEqual(['((missing))', '((w))']);
  });

  it('interpolates map keys', async () => {
    const out = await interpolate(mapOf({ '((k))': 'v' }), lookupIn({ k: 'name' }));
    expect(out).toEqual(mapOf({ name: 'v' }));
  });

  it.each([
    [true, "Invalid type 'bool' for value 'true' and variable 'b'."],
    [new GoFloat(1), "Invalid type 'float64' for value '1' and variable 'b'."],
    [1.5, "Invalid type 'float64' for value '1.5' and variable 'b'."],
    [null, "Invalid type '<nil>' for value '<nil>' and variable 'b'."],
    [[1, 'two'], "Invalid type '[]interface {}' for value '[1 two]' and variable 'b'."],
    [mapOf({ a: 1 }), "Invalid type 'map[interface {}]interface {}' for value 'map[a:1]' and variable 'b'."],
  ])('rejects embedding %j in a string', async (value, message) => {
    await expect(interpolate('x ((b))', lookupIn({ b: value }))).rejects.toThrow(
      `${message} Supported types for interpolation within a string are integers and strings.`,
    );
  });

  it('resolves ((a.b.c)) through the value, retrying integer tokens as map keys', async () => {
    const lookup = lookupIn({
      cert: mapOf({ ca: 'CA', nested: mapOf({ '1': 'one' }) }),
      list: ['zero', 'first'],
    });
    expect(await interpolate(['((cert.ca))', '((cert.nested.1))', '((list.1))'], lookup)).toEqual([
      'CA',
      'one',
      'first',
    ]);
    const err = await interpolate('((cert.nope))', lookup).catch((e: unknown) => e as Error);
    expect(err instanceof Error && errorChainMessage(err)).toBe(
      "Finding variable 'cert.nope': Expected to find a map key 'nope' for path '/nope' (found map keys: 'ca', 'nested')",
    );
  });

  it('nests dotted static names into maps', async () => {
    expect(await interpolate('((foo))', lookupIn({ 'foo.bar': 'baz', 'foo.qux': 1 }))).toEqual(
      mapOf({ bar: 'baz', qux: 1 }),
    );
  });
});
