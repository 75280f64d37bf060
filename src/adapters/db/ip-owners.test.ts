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

describeStore('ip claims', (fx) => {
  it("claims a free address for a task, refuses a held one, and releases only the task's claims", async () => {
    const { store } = fx();
    const cf = await oneInstance(store, 'cf', 'web');
    await store.ips.reserve([
      { networkName: 'n', address: '10.0.0.2/32', static: false, instanceId: cf.instance.id, createdAt: 1 },
    ]);
    const claim = (address: string, taskId: string) =>
      store.ips.claim({ networkName: 'n', address, createdAt: 5, taskId });
    expect(await claim('10.0.0.3/32', '7')).toBe(true);
    expect(await claim('10.0.0.3/32', '8')).toBe(false);
    expect(await claim('10.0.0.2/32', '7')).toBe(false);
    expect(await claim('10.0.0.4/32', '8')).toBe(true);
    const [, third] = await store.ips.listWithOwners();
    expect(third).toMatchObject({
      ip: { address: '10.0.0.3/32', instanceId: null, taskId: '7' },
      owner: null,
    });

    expect(await store.ips.releaseClaims('7')).toBe(1);
    expect((await store.ips.list({})).map((ip) => ip.address)).toEqual(['10.0.0.2/32', '10.0.0.4/32']);
  });
});
