import { describe, expect, it } from 'vitest';
import { dependenciesArg } from './compile-package.js';

describe('compile_package dependencies argument', () => {
  it('decodes the director map (Go field names match case-insensitively), keys sorted', () => {
    expect(
      dependenciesArg({
        zlib: { name: 'zlib', version: '1.2', sha1: 'a'.repeat(40), blobstore_id: 'b-z' },
        golang: { Name: 'golang', Version: '1.22.1', Sha1: `sha256:${'b'.repeat(64)}`, blobstore_id: 'b-g' },
      }),
    ).toEqual([
      { name: 'golang', version: '1.22.1', blobstoreId: 'b-g', digest: `sha256:${'b'.repeat(64)}` },
      { name: 'zlib', version: '1.2', blobstoreId: 'b-z', digest: 'a'.repeat(40) },
    ]);
    expect(dependenciesArg(null)).toEqual([]);
    expect(dependenciesArg({})).toEqual([]);
  });

  it('refuses what the agent refuses', () => {
    expect(() => dependenciesArg([])).toThrow(
      'json: cannot unmarshal array into Go value of type compiler.Dependencies',
    );
    expect(() => dependenciesArg({ a: { sha1: 'x:y:z' } })).toThrow('unable to parse digest string');
    expect(() => dependenciesArg({ a: { version: 1 } })).toThrow(
      'json: cannot unmarshal number into Go struct field Package.a.Version of type string',
    );
  });
});
