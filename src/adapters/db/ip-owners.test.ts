import { expect, it } from 'vitest';
import type { DirectorStore } from '../../ports/director-store.js';
import { describeStore } from '../../testing/db-backends.js';

/** A deployment with one instance `<job>/<name>-uuid`. */
async function oneInstance(store: DirectorStore, name: string, job: string) {
  const d = await store.deployments.findOrCreate(name);
  const set = await store.variables.createSet({ deploymentId: d.id, createdAt: 1 });
  const instance = await store.instances.create({
    deploymentId: d.id,
    job,
    index: 0,
    uuid: `${name}-uuid`,
    state: 'started',
    variableSetId: set.id,
    availabilityZone: null,
  });
  return { deployment: d, instance };
}

describeStore('ip owners', (fx) => {
  it('lists every reservation by address with its instance and deployment, none for an orphaned VM', async () => {
    const { store } = fx();
    const cf = await oneInstance(store, 'cf', 'web');
    const zk = await oneInstance(store, 'zk', 'db');
    const old = await store.vms.create({ instanceId: cf.instance.id, agentId: 'a0', cid: 'vm-0' });
    const row = (address: string, instanceId: number, vmId?: number) => ({
      networkName: 'n',
      address,
      static: false,
      instanceId,
      createdAt: 1,
      ...(vmId === undefined ? {} : { vmId }),
    });
    await store.ips.reserve([row('10.0.0.4/32', cf.instance.id, old.id), row('10.0.0.2/32', cf.instance.id)]);
    await store.ips.reserve([row('10.0.0.3/32', zk.instance.id)]);
    await store.vms.orphan(old.id, 10);

    const listed = await store.ips.listWithOwners();
    expect(listed.map((x) => x.ip)).toEqual(await store.ips.list({}));
    expect(listed.map((x) => [x.ip.address, x.owner])).toEqual([
      [
        '10.0.0.2/32',
        { instanceUuid: 'cf-uuid', job: 'web', deploymentId: cf.deployment.id, deploymentName: 'cf' },
      ],
      [
        '10.0.0.3/32',
        { instanceUuid: 'zk-uuid', job: 'db', deploymentId: zk.deployment.id, deploymentName: 'zk' },
      ],
      ['10.0.0.4/32', null],
    ]);
  });
});
