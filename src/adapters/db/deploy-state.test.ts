import { expect, it } from 'vitest';
import type { DirectorStore, InstanceRecord } from '../../ports/director-store.js';
import { describeStore } from '../../testing/db-backends.js';
import { IpAlreadyReservedError } from './ip-repo.js';

/** A deployment with a variable set and `count` instances of group `job`. */
async function deployed(store: DirectorStore, name: string, job: string, count: number) {
  const d = await store.deployments.findOrCreate(name);
  const set = await store.variables.createSet({ deploymentId: d.id, createdAt: 100 });
  const instances: InstanceRecord[] = [];
  for (let index = 0; index < count; index++) {
    instances.push(
      await store.instances.create({
        deploymentId: d.id,
        job,
        index,
        uuid: `${name}-${job}-${String(index)}`,
        state: 'started',
        variableSetId: set.id,
        availabilityZone: 'z1',
      }),
    );
  }
  return { deployment: d, set, instances };
}

const at = <T>(list: readonly T[], i: number): T => {
  const item = list[i];
  if (item === undefined) throw new Error(`no item ${String(i)}`);
  return item;
};

describeStore('deploy state', (fx) => {
  it('round-trips instances, VMs, disks, IPs and rendered templates through the state query', async () => {
    const { store } = fx();
    const { deployment, set, instances } = await deployed(store, 'cf', 'web', 2);
    const web0 = at(instances, 0);
    const updated = await store.instances.update(web0.id, {
      spec: { job: { name: 'web' }, index: 0 },
      bootstrap: true,
      cloudProperties: { type: 'large' },
      updateCompleted: true,
    });
    expect(updated).toMatchObject({
      bootstrap: true,
      spec: { index: 0 },
      cloudProperties: { type: 'large' },
    });
    const old = await store.vms.create({
      instanceId: web0.id,
      agentId: 'agent-1',
      cid: 'vm-1',
      active: true,
    });
    const vm = await store.vms.create({
      instanceId: web0.id,
      agentId: 'agent-2',
      cid: 'vm-2',
      cpi: 'aws',
      createdAt: 50,
      networkSpec: { default: { ip: '10.0.0.5' } },
      stemcellName: 'ubuntu',
      stemcellVersion: '1.1',
      stemcellApiVersion: 3,
      env: { bosh: {} },
      cloudProperties: { instance_type: 'm5' },
    });
    expect(vm.active).toBe(false);
    await store.vms.activate(vm.id);
    expect((await store.vms.get(old.id))?.active).toBe(false);
    const disk = await store.disks.create({ instanceId: web0.id, diskCid: 'disk-1', size: 1024 });
    await store.disks.activate(disk.id);
    await store.ips.reserve([
      { networkName: 'default', address: '10.0.0.5/32', static: false, instanceId: web0.id, createdAt: 1 },
    ]);
    await store.ips.bindToVm(web0.id, vm.id);
    await store.instances.addRenderedTemplates({
      instanceId: web0.id,
      blobstoreId: 'b1',
      sha1: 's1',
      contentSha1: 'c1',
      createdAt: 1,
    });
    const newest = await store.instances.addRenderedTemplates({
      instanceId: web0.id,
      blobstoreId: 'b2',
      sha1: 's2',
      contentSha1: 'c2',
      createdAt: 2,
    });
    const config = await store.configs.create({
      type: 'cloud',
      name: 'default',
      content: '{}',
      createdAt: 1,
    });
    await store.deployments.update(deployment.id, {
      manifestText: 'name: cf\n',
      linksSerialId: 3,
      releaseVersionIds: [],
      stemcellIds: [],
      configIds: [config.id, config.id],
    });
    await store.variables.updateSet(set.id, { deployedSuccessfully: true });

    const state = await store.deployments.state('cf');
    expect(state).toMatchObject({
      id: deployment.id,
      manifestText: 'name: cf\n',
      linksSerialId: 3,
      configIds: [config.id],
      currentVariableSet: { id: set.id, deployedSuccessfully: true },
      lastSuccessfulVariableSet: { id: set.id },
    });
    expect(state?.instances.map((i) => `${i.job}/${String(i.index)}`)).toEqual(['web/0', 'web/1']);
    const s0 = at(state?.instances ?? [], 0);
    expect(s0.activeVm).toEqual({ ...vm, active: true });
    expect(s0.vms.map((v) => v.cid)).toEqual(['vm-1', 'vm-2']);
    expect(s0.disks).toEqual([{ ...disk, active: true }]);
    expect(s0.ips).toMatchObject([
      { address: '10.0.0.5/32', vmId: vm.id, instanceId: web0.id, static: false },
    ]);
    expect(s0.renderedTemplates).toEqual(newest);
    expect(at(state?.instances ?? [], 1)).toMatchObject({ activeVm: null, vms: [], disks: [], ips: [] });
    expect(await store.instances.pruneRenderedTemplates(web0.id)).toEqual(['b1']);
    expect(await store.deployments.state('nope')).toBeUndefined();
  });

  it('finds or creates a deployment once, even when deploys race', async () => {
    const { store } = fx();
    const other = await fx().open();
    const [a, b] = await Promise.all([
      store.deployments.findOrCreate('cf'),
      other.deployments.findOrCreate('cf'),
    ]);
    expect(a).toEqual(b);
    expect(await store.deployments.list()).toHaveLength(1);
  });

  it('refuses an IP another instance holds, all or nothing, with BOSH message', async () => {
    const { store } = fx();
    const [a] = (await deployed(store, 'cf', 'web', 1)).instances;
    const [b] = (await deployed(store, 'zk', 'zk', 1)).instances;
    if (a === undefined || b === undefined) throw new Error('no instances');
    const ip = (address: string, instanceId: number) => ({
      networkName: 'default',
      address,
      static: true,
      instanceId,
      createdAt: 1,
    });
    await store.ips.reserve([ip('10.0.0.5/32', a.id)]);
    const failure = store.ips.reserve([ip('10.0.0.6/32', b.id), ip('10.0.0.5/32', b.id)]);
    await expect(failure).rejects.toBeInstanceOf(IpAlreadyReservedError);
    await expect(failure).rejects.toThrow(
      "Failed to reserve IP '10.0.0.5/32' for instance 'zk/zk-zk-0': already reserved by instance 'web/cf-web-0' from deployment 'cf'",
    );
    expect((await store.ips.list({})).map((r) => r.address)).toEqual(['10.0.0.5/32']);
    // The holder reserving it again changes its type instead.
    const [again] = await store.ips.reserve([{ ...ip('10.0.0.5/32', a.id), static: false }]);
    expect(again?.static).toBe(false);
    expect(await store.ips.release(['10.0.0.5/32', '10.0.0.9/32'])).toBe(1);
  });
  it('gives an address to one of two directors reserving it at once', async (ctx) => {
    // SQLite connections in one process would block each other's thread (sqlite-processes.test.ts races processes).
    if (fx().dialect === 'sqlite') ctx.skip();
    const { store } = fx();
    const [a] = (await deployed(store, 'cf', 'web', 1)).instances;
    const [b] = (await deployed(store, 'zk', 'zk', 1)).instances;
    if (a === undefined || b === undefined) throw new Error('no instances');
    const ip = (instanceId: number) => ({
      networkName: 'default',
      address: '10.0.0.7/32',
      static: false,
      instanceId,
      createdAt: 1,
    });
    const other = await fx().open();
    const results = await Promise.allSettled([store.ips.reserve([ip(a.id)]), other.ips.reserve([ip(b.id)])]);
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.reason).toBeInstanceOf(IpAlreadyReservedError);
    const holders = (await store.ips.list({})).map((r) => r.instanceId);
    expect(holders).toEqual([results[0].status === 'fulfilled' ? a.id : b.id]);
  });
});
