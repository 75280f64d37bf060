import { expect, it } from 'vitest';
import type { LinkProviderRecord } from '../../ports/director-store.js';
import { describeStore } from '../../testing/db-backends.js';

const provider = (o: Partial<LinkProviderRecord> = {}): LinkProviderRecord => ({
  group: 'server',
  job: 'server',
  originalName: 'conn',
  name: 'conn',
  type: 'conn',
  shared: true,
  consumable: true,
  content: { instances: [{ address: '10.0.0.2' }], properties: { port: 1 } },
  ...o,
});

describeStore('link providers', (fx) => {
  it("replaces a deployment's provider intents, lists them by deployment name, keeps others' apart", async () => {
    const { store } = fx();
    const prov = await store.deployments.findOrCreate('prov');
    const other = await store.deployments.findOrCreate('other');
    await store.linkProviders.replace(prov.id, [provider(), provider({ originalName: 'db', content: null })]);
    await store.linkProviders.replace(other.id, [provider({ shared: false, consumable: false })]);
    await store.linkProviders.replace(prov.id, [provider({ name: 'alias' })]);

    expect(await store.linkProviders.list('prov')).toEqual([provider({ name: 'alias' })]);
    expect(await store.linkProviders.list('other')).toEqual([provider({ shared: false, consumable: false })]);
    expect(await store.linkProviders.list('missing')).toEqual([]);
    await store.linkProviders.replace(prov.id, []);
    expect(await store.linkProviders.list('prov')).toEqual([]);
  });

  it('goes with its deployment', async () => {
    const { store, db } = fx();
    const prov = await store.deployments.findOrCreate('prov');
    await store.linkProviders.replace(prov.id, [provider()]);
    expect(await store.deployments.delete('prov')).toBe(true);
    const rows = await db.selectFrom('link_provider_intents').selectAll().execute();
    expect(rows).toEqual([]);
  });
});
