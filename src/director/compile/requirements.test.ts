import { describe, expect, it } from 'vitest';
import type { CompiledPackageRecord, PackageRecord } from '../../ports/director-release-store.js';
import { findCompiledPackage } from './requirements.js';

const compiled = (id: number, stemcellVersion: string, dependencyKey = '[]'): CompiledPackageRecord => ({
  id,
  packageId: 1,
  stemcellOs: 'ubuntu-jammy',
  stemcellVersion,
  build: id,
  dependencyKey,
  dependencyKeySha1: '',
  blobstoreId: `blob-${String(id)}`,
  sha1: '',
});

const pkg = (blobstoreId: string | null): PackageRecord => ({
  id: 1,
  name: 'ruby',
  version: 'fp',
  blobstoreId,
  sha1: null,
  fingerprint: 'fp',
  dependencies: [],
});

const stemcell = { name: 's', version: '621.30', operatingSystem: 'ubuntu-jammy', cid: 'c' };

// A store's compiled packages of the package (the finder filters and picks; it does no other I/O).
const store = (rows: readonly CompiledPackageRecord[]) => ({
  compiledPackages: () => Promise.resolve([...rows]),
});

describe('findCompiledPackage', () => {
  it('takes the exact stemcell version when there is one', async () => {
    const rows = [compiled(1, '621.5'), compiled(2, '621.30')];
    expect((await findCompiledPackage(store(rows), pkg('src'), stemcell, '[]'))?.id).toBe(2);
  });

  it("for a package without source (a compiled release's), the newest of the stemcell's major version", async () => {
    const rows = [
      compiled(1, '621.5'),
      compiled(2, '621.21'),
      compiled(3, '622.40'),
      compiled(4, '621.9', 'x'),
    ];
    expect((await findCompiledPackage(store(rows), pkg(null), stemcell, '[]'))?.id).toBe(2);
    // A package with source compiles for this stemcell instead.
    expect(await findCompiledPackage(store(rows), pkg('src'), stemcell, '[]')).toBeUndefined();
  });

  it("reads an old stemcell version's underscores as dots, as StemcellVersion.match does", async () => {
    const rows = [compiled(1, '621_2'), compiled(2, '620.90')];
    expect((await findCompiledPackage(store(rows), pkg(null), stemcell, '[]'))?.id).toBe(1);
  });
});
