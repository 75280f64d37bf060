import { expect, it } from 'vitest';
import type { StemcellRecord } from '../../ports/director-store.js';
import { describeStore, type StoreFixture } from '../../testing/db-backends.js';

const stemcell = (name: string, version: string, cpi = ''): Omit<StemcellRecord, 'id'> => ({
  name,
  version,
  operatingSystem: 'ubuntu-jammy',
  cid: `cid-${name}-${version}`,
  sha1: `sha-${version}`,
  cpi,
  apiVersion: 3,
});

async function deployment(
  fx: StoreFixture,
  name: string,
  links: { stemcells?: number[]; releaseVersions?: number[] },
) {
  const d = await fx.db
    .insertInto('deployments')
    .values({ name, manifest_text: `name: ${name}\n` })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const id of links.stemcells ?? []) {
    await fx.db
      .insertInto('deployments_stemcells')
      .values({ deployment_id: d.id, stemcell_id: id })
      .execute();
  }
  for (const id of links.releaseVersions ?? []) {
    await fx.db
      .insertInto('deployments_release_versions')
      .values({ deployment_id: d.id, release_version_id: id })
      .execute();
  }
  return d.id;
}

describeStore('stemcells', (fx) => {
  it('creates, finds by name, version and cpi, and lists by name then version', async () => {
    const { stemcells } = fx().store;
    const a = await stemcells.create(stemcell('ubuntu', '1.10'));
    await stemcells.create(stemcell('ubuntu', '1.9'));
    await stemcells.create(stemcell('alpine', '3'));
    await stemcells.create(stemcell('ubuntu', '1.9', 'aws'));
    expect(a).toEqual({ ...stemcell('ubuntu', '1.10'), id: a.id });
    expect(await stemcells.find('ubuntu', '1.10', '')).toEqual(a);
    expect(await stemcells.find('ubuntu', '1.10', 'aws')).toBeUndefined();
    expect((await stemcells.list()).map((s) => `${s.name}/${s.version}/${s.cpi}`)).toEqual([
      'alpine/3/',
      'ubuntu/1.9/',
      'ubuntu/1.9/aws',
      'ubuntu/1.10/',
    ]);
  });

  it('refuses a second stemcell with the same name, version and cpi', async () => {
    const { stemcells } = fx().store;
    await stemcells.create(stemcell('ubuntu', '1'));
    await expect(stemcells.create(stemcell('ubuntu', '1'))).rejects.toThrow(
      "Stemcell 'ubuntu/1' already exists",
    );
    expect(await stemcells.list()).toHaveLength(1);
  });

  it('replaces the cid, tells which deployments use it, deletes it', async () => {
    const { stemcells } = fx().store;
    const s = await stemcells.create(stemcell('ubuntu', '1'));
    await stemcells.updateCid(s.id, 'new-cid');
    expect((await stemcells.find('ubuntu', '1', ''))?.cid).toBe('new-cid');
    await deployment(fx(), 'zk', { stemcells: [s.id] });
    await deployment(fx(), 'cf', { stemcells: [s.id] });
    expect(await stemcells.deploymentsUsing(s.id)).toEqual(['cf', 'zk']);
    await stemcells.delete(s.id);
    expect(await stemcells.list()).toEqual([]);
    expect(await stemcells.deploymentsUsing(s.id)).toEqual([]);
  });
});

describeStore('deployments', (fx) => {
  it('lists deployments by name with their releases and stemcells; gets one', async () => {
    const { store } = fx();
    const rv = await store.releases.createVersion({
      name: 'nginx',
      version: '1',
      commitHash: 'x',
      uncommittedChanges: true,
      packages: [],
      jobs: [],
      compiledPackages: [],
    });
    expect(rv.uncommittedChanges).toBe(true);
    const s = await store.stemcells.create(stemcell('ubuntu', '2'));
    const cf = await deployment(fx(), 'cf', { stemcells: [s.id], releaseVersions: [rv.id] });
    const app = await deployment(fx(), 'app', {});
    expect(await store.deployments.list()).toEqual([
      { id: app, name: 'app', manifestText: 'name: app\n', releases: [], stemcells: [] },
      {
        id: cf,
        name: 'cf',
        manifestText: 'name: cf\n',
        releases: [{ name: 'nginx', version: '1' }],
        stemcells: [{ name: 'ubuntu', version: '2' }],
      },
    ]);
    expect(await store.deployments.get('cf')).toEqual({ id: cf, name: 'cf', manifestText: 'name: cf\n' });
    expect(await store.deployments.get('nope')).toBeUndefined();
  });

  it('detaches stemcells and release versions from one deployment only', async () => {
    const { store } = fx();
    const rv = await store.releases.createVersion({
      name: 'nginx',
      version: '1',
      commitHash: 'x',
      uncommittedChanges: false,
      packages: [],
      jobs: [],
      compiledPackages: [],
    });
    const s = await store.stemcells.create(stemcell('ubuntu', '2'));
    const cf = await deployment(fx(), 'cf', { stemcells: [s.id], releaseVersions: [rv.id] });
    await deployment(fx(), 'zk', { stemcells: [s.id], releaseVersions: [rv.id] });
    await store.deployments.detachStemcells(cf);
    expect(await store.stemcells.deploymentsUsing(s.id)).toEqual(['zk']);
    expect(await store.releases.deploymentsUsing('nginx', '1')).toEqual(['cf', 'zk']);
    await store.deployments.detachReleaseVersions(cf);
    expect(await store.releases.deploymentsUsing('nginx', '1')).toEqual(['zk']);
    expect(
      (await store.deployments.list()).map((d) => [d.name, d.releases.length, d.stemcells.length]),
    ).toEqual([
      ['cf', 0, 0],
      ['zk', 1, 1],
    ]);
  });

  it('has unique deployment names', async () => {
    await deployment(fx(), 'cf', {});
    await expect(deployment(fx(), 'cf', {})).rejects.toThrow();
  });
});
