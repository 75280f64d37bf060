import { expect, it } from 'vitest';
import type { DirectorStore, NewReleaseVersion, PackageRecord } from '../../ports/director-store.js';
import { describeStore, type StoreFixture } from '../../testing/db-backends.js';
import { ReleaseVersionExistsError } from './release-create.js';

type NewPackage = Omit<PackageRecord, 'id'>;
const pkg = (name: string, fp: string, dependencies: string[] = []): NewPackage => ({
  name,
  version: fp,
  blobstoreId: `blob-${fp}`,
  sha1: `sha-${fp}`,
  fingerprint: fp,
  dependencies,
});
const job = (name: string, fp: string, packageNames: string[]) => ({
  name,
  version: fp,
  blobstoreId: `blob-${fp}`,
  sha1: `sha-${fp}`,
  fingerprint: fp,
  packageNames,
  spec: { name, templates: { 'ctl.erb': 'bin/ctl' }, properties: {} },
});
const compiled = (packageName: string, fp: string, blob: string) => ({
  packageName,
  packageFingerprint: fp,
  stemcellOs: 'ubuntu-jammy',
  stemcellVersion: '1.1',
  build: 1,
  dependencyKey: '[]',
  dependencyKeySha1: 'dk',
  blobstoreId: blob,
  sha1: `sha-${blob}`,
});
const version = (name: string, v: string, over: Partial<NewReleaseVersion> = {}): NewReleaseVersion => ({
  name,
  version: v,
  commitHash: 'abc123',
  uncommittedChanges: false,
  packages: [],
  jobs: [],
  compiledPackages: [],
  ...over,
});

/** nginx/1 (pkg-a, pkg-b, job web, pkg-a compiled) and nginx/2 (pkg-a reused, pkg-b new, web reused). */
async function twoVersions(store: DirectorStore) {
  const v1 = await store.releases.createVersion(
    version('nginx', '1', {
      packages: [pkg('pkg-b', 'b1', ['pkg-a']), pkg('pkg-a', 'a1')],
      jobs: [job('web', 'w1', ['pkg-a', 'pkg-b'])],
      compiledPackages: [compiled('pkg-a', 'a1', 'compiled-a1')],
    }),
  );
  const pkgA = v1.packages.find((p) => p.name === 'pkg-a');
  const web = v1.jobs[0];
  if (pkgA === undefined || web === undefined) throw new Error('nginx/1 is incomplete');
  const v2 = await store.releases.createVersion(
    version('nginx', '2', {
      packages: [{ existingId: pkgA.id }, pkg('pkg-b', 'b2', ['pkg-a'])],
      jobs: [{ existingId: web.id }],
    }),
  );
  return { v1, v2, pkgA, web };
}

async function deploy(fx: StoreFixture, name: string, releaseVersionId: number): Promise<void> {
  const d = await fx.db
    .insertInto('deployments')
    .values({ name, manifest_text: `name: ${name}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await fx.db
    .insertInto('deployments_release_versions')
    .values({ deployment_id: d.id, release_version_id: releaseVersionId })
    .execute();
}

describeStore('releases', (fx) => {
  it('stores a version with its packages, jobs and compiled packages, and reads it back', async () => {
    const { releases } = fx().store;
    const { v1, v2, pkgA, web } = await twoVersions(fx().store);
    expect(v1).toMatchObject({
      releaseName: 'nginx',
      version: '1',
      commitHash: 'abc123',
      updateCompleted: true,
    });
    expect(v1.packages.map((p) => [p.name, p.fingerprint, p.dependencies])).toEqual([
      ['pkg-a', 'a1', []],
      ['pkg-b', 'b1', ['pkg-a']],
    ]);
    expect(web).toEqual({ ...job('web', 'w1', ['pkg-a', 'pkg-b']), id: web.id });
    expect(v2.packages.map((p) => p.id)).toContain(pkgA.id);
    expect(v2.jobs).toEqual([web]);
    expect(await releases.getVersion('nginx', '2')).toEqual(v2);
    expect(await releases.getVersion('nginx', '3')).toBeUndefined();
    expect(await releases.list()).toEqual([{ name: 'nginx', versions: [v1, v2] }]);
    const [cp] = await releases.compiledPackages(pkgA.id);
    expect(cp).toMatchObject({ packageId: pkgA.id, stemcellOs: 'ubuntu-jammy', blobstoreId: 'compiled-a1' });
  });

  it('finds packages of any release and jobs of one release by fingerprint', async () => {
    const { releases } = fx().store;
    await twoVersions(fx().store);
    await releases.createVersion(
      version('redis', '1', { packages: [pkg('pkg-a', 'a1')], jobs: [job('r', 'w1', [])] }),
    );
    const found = await releases.packagesByFingerprint(['a1', 'b2', 'nope']);
    expect(found.map((p) => [p.name, p.fingerprint])).toEqual([
      ['pkg-a', 'a1'],
      ['pkg-b', 'b2'],
      ['pkg-a', 'a1'],
    ]);
    expect((await releases.jobsByFingerprint('nginx', ['w1'])).map((j) => j.name)).toEqual(['web']);
    expect(await releases.jobsByFingerprint('nginx', [])).toEqual([]);
    expect(await releases.packagesByFingerprint([])).toEqual([]);
  });

  it('refuses an existing version, storing nothing', async () => {
    const { releases } = fx().store;
    await twoVersions(fx().store);
    const before = await releases.list();
    const again = releases.createVersion(version('nginx', '1', { packages: [pkg('pkg-c', 'c1')] }));
    await expect(again).rejects.toThrow(new ReleaseVersionExistsError('nginx', '1'));
    await expect(again).rejects.toThrow("Release 'nginx/1' already exists");
    expect(await releases.list()).toEqual(before);
    expect(await releases.packagesByFingerprint(['c1'])).toEqual([]);
  });

  it('rolls everything back when the version fails half way', async () => {
    const { releases } = fx().store;
    const bad = version('redis', '1', {
      packages: [pkg('server', 's1')],
      jobs: [job('redis', 'r1', ['server'])],
      compiledPackages: [compiled('missing', 'm1', 'compiled-m1')],
    });
    await expect(releases.createVersion(bad)).rejects.toThrow(
      /'missing' .* is not a package of release 'redis\/1'/,
    );
    const { pkgA } = await twoVersions(fx().store);
    await expect(
      releases.createVersion(version('redis', '1', { packages: [{ existingId: pkgA.id }] })),
    ).rejects.toThrow(`There is no package with id ${String(pkgA.id)} in release 'redis'`);
    expect((await releases.list()).map((r) => r.name)).toEqual(['nginx']);
    expect(await releases.packagesByFingerprint(['s1'])).toEqual([]);
    expect(await releases.jobsByFingerprint('redis', ['r1'])).toEqual([]);
  });

  it('lets exactly one of two concurrent uploads of a version win', async () => {
    // SQLite: one connection per process (a second one in this process would wait on the write lock, blocking
    // the thread that holds it); PostgreSQL: two pools, like two directors.
    const other = fx().dialect === 'postgres' ? await fx().open() : fx().store;
    const upload = (store: DirectorStore) =>
      store.releases.createVersion(version('nginx', '1', { packages: [pkg('pkg-a', 'a1')] }));
    const results = await Promise.allSettled([upload(fx().store), upload(other)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failure = results.find((r) => r.status === 'rejected');
    expect(failure?.reason).toBeInstanceOf(ReleaseVersionExistsError);
    expect(await fx().store.releases.packagesByFingerprint(['a1'])).toHaveLength(1);
  });

  it('deletes a version, returning the blobs nothing else uses', async () => {
    const { releases } = fx().store;
    await twoVersions(fx().store);
    expect(await releases.delete('nginx', '1')).toEqual({ orphanedBlobs: ['blob-b1'] });
    expect((await releases.list())[0]?.versions.map((v) => v.version)).toEqual(['2']);
    const left = await releases.delete('nginx', undefined);
    expect([...left.orphanedBlobs].sort()).toEqual(['blob-a1', 'blob-b2', 'blob-w1', 'compiled-a1']);
    expect(await releases.list()).toEqual([]);
    expect(await releases.delete('nginx', undefined)).toEqual({ orphanedBlobs: [] });
  });

  it('keeps a blob that another release still refers to', async () => {
    const { releases } = fx().store;
    await releases.createVersion(version('a', '1', { packages: [pkg('shared', 's1')] }));
    await releases.createVersion(version('b', '1', { packages: [pkg('shared', 's1')] }));
    expect(await releases.delete('a', '1')).toEqual({ orphanedBlobs: [] });
    expect((await releases.list()).map((r) => r.name)).toEqual(['b']);
  });

  it('tells which deployments use a release or version; a forced delete forgets them', async () => {
    const { releases } = fx().store;
    const { v2 } = await twoVersions(fx().store);
    await deploy(fx(), 'cf', v2.id);
    await deploy(fx(), 'app', v2.id);
    expect(await releases.deploymentsUsing('nginx', undefined)).toEqual(['app', 'cf']);
    expect(await releases.deploymentsUsing('nginx', '1')).toEqual([]);
    expect(await releases.deploymentsUsing('nginx', '2')).toEqual(['app', 'cf']);
    await releases.delete('nginx', '2');
    expect(await releases.deploymentsUsing('nginx', undefined)).toEqual([]);
  });

  it('replaces the blob of a package or a job', async () => {
    const { releases } = fx().store;
    const { pkgA, web } = await twoVersions(fx().store);
    await releases.updatePackageBlob(pkgA.id, 'new-a', 'sha-new-a');
    await releases.updateJobBlob(web.id, 'new-w', 'sha-new-w');
    const v1 = await releases.getVersion('nginx', '1');
    expect(v1?.packages.find((p) => p.id === pkgA.id)).toMatchObject({
      blobstoreId: 'new-a',
      sha1: 'sha-new-a',
    });
    expect(v1?.jobs[0]).toMatchObject({ blobstoreId: 'new-w', sha1: 'sha-new-w' });
  });
});
