import { describe, expect, it } from 'vitest';
import { seedOrphans, seedRelease, seedStemcell } from '../../testing/cleanup-fixtures.js';
import { routesApi } from '../../testing/director-api-harness.js';
import { withJobHarness, type JobHarness } from '../../testing/director-job-harness.js';
import { cleanupRoutes } from './cleanup-routes.js';

let h: JobHarness;
withJobHarness((opened) => (h = opened));

const api = (scopes: readonly string[] = ['bosh.admin']) => routesApi(h.store, [cleanupRoutes], { scopes });

describe('POST /cleanup', () => {
  it.each([
    [{ remove_all: true, keep_orphaned_disks: false }, 'clean up all'],
    [{ remove_all: false, keep_orphaned_disks: true }, 'clean up'],
  ])('queues delete_artifacts with the config %j (%s)', async (config, description) => {
    const app = api();
    const res = await app.inject({ method: 'POST', url: '/cleanup', payload: { config } });
    expect(res.statusCode).toBe(302);
    const [task] = await h.store.tasks.list({});
    expect(res.headers.location).toBe(`/tasks/${String(task?.id)}`);
    expect(task).toMatchObject({
      type: 'delete_artifacts',
      description,
      username: 'admin',
      deploymentName: null,
    });
    expect(task?.payload).toEqual(config);
    await app.close();
  });

  it('is for admins only', async () => {
    const app = api(['bosh.read']);
    const res = await app.inject({ method: 'POST', url: '/cleanup', payload: { config: {} } });
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body)).toEqual({
      code: 600000,
      description: 'Require one of the scopes: bosh.admin, bosh.uuid.admin',
    });
    expect(await h.store.tasks.list({})).toEqual([]);
    await app.close();
  });
});

describe('GET /cleanup/dryrun', () => {
  it('lists what a clean-up would delete, as CleanupArtifactManager#show_all', async () => {
    for (const v of ['1', '2', '3']) await seedRelease(h, 'app', v, { os: 'ubuntu-jammy', version: '7.1' });
    const id = await seedStemcell(h, 'ubuntu', '7.0');
    for (const v of ['8.0', '9.0']) await seedStemcell(h, 'ubuntu', v);
    await seedOrphans(h, { vm: 'vm-a', ip: '10.0.0.5', disk: 'disk-a', at: 1_700_000_000 });
    const app = api();
    const dry = async (query: string) =>
      JSON.parse((await app.inject({ method: 'GET', url: `/cleanup/dryrun${query}` })).body) as unknown;
    const vm = {
      az: 'z1',
      cid: 'vm-a',
      deployment_name: 'demo',
      instance_name: 'web/uuid-vm-a',
      ip_addresses: ['10.0.0.5'],
      orphaned_at: '2023-11-14 22:13:20 UTC',
    };
    expect(await dry('')).toEqual({
      releases: [{ name: 'app', versions: ['1'] }],
      stemcells: [
        {
          name: 'ubuntu',
          operating_system: 'ubuntu-jammy',
          version: '7.0',
          cid: 'sc-ubuntu-7.0',
          cpi: '',
          deployments: [],
          api_version: 2,
          id,
        },
      ],
      compiled_packages: [],
      orphaned_disks: [],
      orphaned_vms: [vm],
      exported_releases: [],
      dns_blobs: [],
    });
    const all = (await dry('?remove_all=true&keep_orphaned_disks=false')) as Record<string, unknown>;
    expect(all.releases).toEqual([{ name: 'app', versions: ['1', '2', '3'] }]);
    expect(all.compiled_packages).toEqual([
      { package_name: 'pkg-1', stemcell_os: 'ubuntu-jammy', stemcell_version: '7.1' },
      { package_name: 'pkg-2', stemcell_os: 'ubuntu-jammy', stemcell_version: '7.1' },
      { package_name: 'pkg-3', stemcell_os: 'ubuntu-jammy', stemcell_version: '7.1' },
    ]);
    expect(all.orphaned_disks).toEqual([
      {
        disk_cid: 'disk-a',
        size: 1024,
        az: 'z1',
        deployment_name: 'demo',
        instance_name: 'web/uuid-vm-a',
        cloud_properties: {},
        orphaned_at: '2023-11-14 22:13:20 UTC',
      },
    ]);
    const kept = (await dry('?remove_all=true&keep_orphaned_disks=true')) as Record<string, unknown>;
    expect(kept.orphaned_disks).toEqual([]);
    await app.close();
  });
});
