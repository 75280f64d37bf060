import { expect, it } from 'vitest';
import type { DirectorStore } from '../../ports/director-store.js';
import { describeStore } from '../../testing/db-backends.js';
import { InstanceHasDisksError } from './instance-repo.js';

async function oneInstance(store: DirectorStore, name: string) {
  const d = await store.deployments.findOrCreate(name);
  const set = await store.variables.createSet({ deploymentId: d.id, createdAt: 1 });
  const instance = await store.instances.create({
    deploymentId: d.id,
    job: 'db',
    index: 0,
    uuid: `${name}-uuid`,
    state: 'started',
    variableSetId: set.id,
    availabilityZone: 'z1',
  });
  return { deployment: d, set, instance };
}

describeStore('deploy orphans and deletion', (fx) => {
  it('orphans a disk: it leaves the instance and is kept with its deployment and instance names', async () => {
    const { store } = fx();
    const { instance } = await oneInstance(store, 'cf');
    const disk = await store.disks.create({
      instanceId: instance.id,
      diskCid: 'disk-1',
      size: 2048,
      active: true,
      cloudProperties: { type: 'ssd' },
      cpi: 'aws',
    });
    await expect(store.disks.create({ instanceId: instance.id, diskCid: 'disk-1', size: 1 })).rejects.toThrow(
      "Disk 'disk-1' already exists",
    );
    const orphan = await store.disks.orphan(disk.id, 1234.5);
    expect(orphan).toEqual({
      id: orphan.id,
      diskCid: 'disk-1',
      size: 2048,
      availabilityZone: 'z1',
      deploymentName: 'cf',
      instanceName: 'db/cf-uuid',
      cloudProperties: { type: 'ssd' },
      orphanedAt: 1234,
      cpi: 'aws',
    });
    expect(await store.disks.get(disk.id)).toBeUndefined();
    expect(await store.disks.orphaned()).toEqual([orphan]);
    await expect(store.disks.create({ instanceId: instance.id, diskCid: 'disk-1', size: 1 })).rejects.toThrow(
      "Disk 'disk-1' already exists (orphaned)",
    );
    expect(await store.disks.deleteOrphaned('disk-1')).toBe(true);
    expect(await store.disks.deleteOrphaned('disk-1')).toBe(false);
  });

  it("lists an instance's disks oldest first; a disk is made inactive, then the new one active", async () => {
    const { store } = fx();
    const { instance } = await oneInstance(store, 'cf');
    const other = await oneInstance(store, 'zk');
    const old = await store.disks.create({
      instanceId: instance.id,
      diskCid: 'd-old',
      size: 1,
      active: true,
    });
    const fresh = await store.disks.create({ instanceId: instance.id, diskCid: 'd-new', size: 2 });
    await store.disks.create({ instanceId: other.instance.id, diskCid: 'd-zk', size: 1 });
    const state = async () =>
      (await store.disks.list(instance.id)).map((d) => `${d.diskCid}:${String(d.active)}:${String(d.size)}`);
    expect(await state()).toEqual(['d-old:true:1', 'd-new:false:2']);
    await store.disks.update(old.id, { active: false });
    expect(await state()).toEqual(['d-old:false:1', 'd-new:false:2']);
    await store.disks.activate(fresh.id);
    await store.disks.update(fresh.id, { size: 3 });
    expect(await state()).toEqual(['d-old:false:1', 'd-new:true:3']);
    expect(await store.disks.list(9999)).toEqual([]);
  });

  it('deletes a deployment with all its rows but keeps orphaned disks and VMs', async () => {
    const { store, db } = fx();
    const { instance, set } = await oneInstance(store, 'cf');
    const kept = await oneInstance(store, 'zk');
    const vm = await store.vms.create({ instanceId: instance.id, agentId: 'a1', cid: 'vm-1', active: true });
    const old = await store.vms.create({ instanceId: instance.id, agentId: 'a0', cid: 'vm-0' });
    await store.ips.reserve([
      {
        networkName: 'n',
        address: '10.0.0.2',
        static: false,
        instanceId: instance.id,
        vmId: vm.id,
        createdAt: 1,
      },
      {
        networkName: 'n',
        address: '10.0.0.3',
        static: false,
        instanceId: instance.id,
        vmId: old.id,
        createdAt: 1,
      },
      { networkName: 'n', address: '10.0.0.4', static: false, instanceId: kept.instance.id, createdAt: 1 },
    ]);
    const orphanedVm = await store.vms.orphan(old.id, 10);
    expect(orphanedVm).toMatchObject({ cid: 'vm-0', deploymentName: 'cf', instanceName: 'db/cf-uuid' });
    const attached = await store.disks.create({ instanceId: instance.id, diskCid: 'disk-a', size: 1 });
    const orphaned = await store.disks.create({ instanceId: instance.id, diskCid: 'disk-o', size: 1 });
    await store.disks.orphan(orphaned.id, 5);
    await store.instances.addRenderedTemplates({
      instanceId: instance.id,
      blobstoreId: 'b',
      sha1: 's',
      contentSha1: 'c',
      createdAt: 1,
    });
    await store.variables.add({
      variableSetId: set.id,
      variableName: '/cf/pw',
      variableId: '1',
      isLocal: true,
      providerDeployment: '',
    });

    expect(await store.deployments.delete('cf')).toBe(true);
    expect(await store.deployments.delete('cf')).toBe(false);
    expect(await store.deployments.get('cf')).toBeUndefined();
    expect(await store.disks.get(attached.id)).toBeUndefined();
    expect((await store.disks.orphaned()).map((d) => d.diskCid)).toEqual(['disk-o']);
    expect((await store.vms.orphaned()).map((v) => v.cid)).toEqual(['vm-0']);
    // The orphaned VM keeps its address; the deleted instance's are released; zk's are untouched.
    expect((await store.ips.list({})).map((r) => r.address)).toEqual(['10.0.0.3', '10.0.0.4']);
    for (const table of [
      'instances',
      'vms',
      'variable_sets',
      'variables',
      'rendered_templates_archives',
    ] as const) {
      const rows = await db.selectFrom(table).select('id').execute();
      expect(rows.length, table).toBe(table === 'instances' || table === 'variable_sets' ? 1 : 0);
    }
    await store.vms.deleteOrphaned(orphanedVm.id);
    expect((await store.ips.list({})).map((r) => r.address)).toEqual(['10.0.0.4']);
    expect(await store.deployments.state('zk')).toMatchObject({ instances: [{ id: kept.instance.id }] });
  });

  it('refuses to delete an instance that still has disks; deletes it with its VMs and IPs otherwise', async () => {
    const { store } = fx();
    const { instance } = await oneInstance(store, 'cf');
    const disk = await store.disks.create({ instanceId: instance.id, diskCid: 'd', size: 1 });
    await store.vms.create({ instanceId: instance.id, agentId: 'a', cid: 'v' });
    await store.ips.reserve([
      { networkName: 'n', address: '10.0.0.2', static: true, instanceId: instance.id, createdAt: 1 },
    ]);
    await expect(store.instances.delete(instance.id)).rejects.toBeInstanceOf(InstanceHasDisksError);
    await store.disks.delete(disk.id);
    await store.instances.delete(instance.id);
    expect(await store.instances.get(instance.id)).toBeUndefined();
    expect(await store.ips.list({})).toEqual([]);
  });

  it('keeps variable sets: newest first, unique variables, prunes the unused ones', async () => {
    const { store } = fx();
    const { deployment, set, instance } = await oneInstance(store, 'cf');
    const unused = await store.variables.createSet({ deploymentId: deployment.id, createdAt: 2 });
    const newest = await store.variables.createSet({
      deploymentId: deployment.id,
      createdAt: 3,
      writable: true,
    });
    expect((await store.variables.sets(deployment.id)).map((s) => s.id)).toEqual([
      newest.id,
      unused.id,
      set.id,
    ]);
    expect(newest).toMatchObject({ writable: true, deployedSuccessfully: false });
    const v = {
      variableSetId: unused.id,
      variableName: 'pw',
      variableId: '7',
      isLocal: true,
      providerDeployment: '',
    };
    expect(await store.variables.add(v)).toMatchObject(v);
    await expect(store.variables.add(v)).rejects.toThrow("Variable 'pw' is already in variable set");
    expect(await store.variables.pruneSets(deployment.id)).toBe(1);
    expect((await store.variables.sets(deployment.id)).map((s) => s.id)).toEqual([newest.id, set.id]);
    expect((await store.instances.get(instance.id))?.variableSetId).toBe(set.id);
  });
});
