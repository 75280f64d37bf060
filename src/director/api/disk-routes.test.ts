import { describe, expect, it } from 'vitest';
import { routesApi, useTempDirectorStore } from '../../testing/director-api-harness.js';
import { diskRoutes } from './disk-routes.js';

const fx = useTempDirectorStore('disk-routes-');

const api = (scopes: readonly string[]) => routesApi(fx.store, [diskRoutes], { scopes });

async function orphan(cid: string, at: number): Promise<void> {
  const d = await fx.store.deployments.findOrCreate('demo');
  const set = await fx.store.variables.createSet({ deploymentId: d.id, createdAt: 1 });
  const instance = await fx.store.instances.create({
    deploymentId: d.id,
    job: 'web',
    index: 0,
    uuid: `uuid-${cid}`,
    state: 'started',
    variableSetId: set.id,
    availabilityZone: 'z1',
  });
  const disk = await fx.store.disks.create({
    instanceId: instance.id,
    diskCid: cid,
    size: 2048,
    cloudProperties: { type: 'ssd' },
  });
  await fx.store.disks.orphan(disk.id, at);
}

describe('GET /disks', () => {
  it('lists the orphaned disks in row order, as OrphanDiskManager#list_orphan_disks does', async () => {
    await orphan('disk-a', 1_700_000_100);
    await orphan('disk-b', 1_700_000_000);
    const app = api(['bosh.admin']);
    const res = await app.inject({ method: 'GET', url: '/disks' });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual([
      {
        disk_cid: 'disk-a',
        size: 2048,
        az: 'z1',
        deployment_name: 'demo',
        instance_name: 'web/uuid-disk-a',
        cloud_properties: { type: 'ssd' },
        orphaned_at: '2023-11-14 22:15:00 UTC',
      },
      expect.objectContaining({ disk_cid: 'disk-b', orphaned_at: '2023-11-14 22:13:20 UTC' }),
    ]);
    await app.close();
  });

  it('is for admins only (its default scope)', async () => {
    const app = api(['bosh.read']);
    const res = await app.inject({ method: 'GET', url: '/disks' });
    expect(res.statusCode).toBe(401);
    await app.close();
  });
});
