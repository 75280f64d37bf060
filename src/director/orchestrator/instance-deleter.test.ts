import { describe, expect, it } from 'vitest';
import type { InstanceSnapshot } from '../../ports/director-store.js';
import { withJobHarness, type JobHarness } from '../../testing/director-job-harness.js';
import { FakeDeleteCloud, seedDeployment } from '../../testing/deployment-delete-fixtures.js';
import { RecordingTaskContext } from '../../testing/recording-task-context.js';
import { deleteInstance, deleteInstances, type InstanceDeleterDeps } from './instance-deleter.js';

let h: JobHarness;
withJobHarness((opened) => (h = opened));

async function instances(): Promise<readonly InstanceSnapshot[]> {
  return (await h.store.deployments.state('demo'))?.instances ?? [];
}

function deps(cloud: FakeDeleteCloud): InstanceDeleterDeps {
  return {
    store: h.store,
    blobstore: h.blobstore,
    cpi: () => cloud.cpi,
    agentFor: (vm, name) => cloud.agents({ agentId: vm.agentId ?? '', instanceName: name }),
  };
}

const base = { deployment: 'demo', force: false, intent: 'delete_instance' } as const;

describe('deleteInstance', () => {
  it("tells pre-stop only the VM and instance go, as a deploy's unneeded instance", async () => {
    await seedDeployment(h, { instances: 1 });
    const cloud = new FakeDeleteCloud();
    const ctx = new RecordingTaskContext();
    const [only] = await instances();
    if (only === undefined) throw new Error('no instance');
    await deleteInstance(
      deps(cloud),
      ctx,
      ctx.events.beginStage('Deleting unneeded instances', 1),
      only,
      base,
    );
    expect(cloud.agentCalls.get('agent-0')?.[0]).toBe(
      'run_script pre-stop {"BOSH_VM_NEXT_STATE":"delete","BOSH_INSTANCE_NEXT_STATE":"delete","BOSH_DEPLOYMENT_NEXT_STATE":"keep"}',
    );
    expect(ctx.eventLines).toEqual([
      'Deleting unneeded instances (1/1) > web/uuid-0 (0): started',
      'Deleting unneeded instances (1/1) > web/uuid-0 (0): finished',
    ]);
    expect(await instances()).toEqual([]);
    expect((await h.store.disks.orphaned()).map((d) => d.diskCid)).toEqual(['disk-0']);
  });

  it('skips pre-stop and drain with skip_drain, and the stop of an unresponsive agent', async () => {
    await seedDeployment(h);
    const cloud = new FakeDeleteCloud();
    const ctx = new RecordingTaskContext();
    const stage = ctx.events.beginStage('Deleting unneeded instances', 2);
    const [first, second] = await instances();
    if (first === undefined || second === undefined) throw new Error('no instances');
    await deleteInstance(deps(cloud), ctx, stage, first, { ...base, skipDrain: true });
    await deleteInstance(deps(cloud), ctx, stage, second, { ...base, unresponsiveAgent: true });
    expect(cloud.agentCalls.get('agent-0')).toEqual(['stop', 'run_script post-stop {}']);
    expect(cloud.agentCalls.get('agent-1')).toBeUndefined();
    expect(cloud.cpiCalls).toEqual(['delete_vm vm-0', 'delete_vm vm-1']);
    expect(await instances()).toEqual([]);
  });

  it('deletes the VM of a compilation instance without stopping it or touching templates', async () => {
    await seedDeployment(h, { instances: 1, compilation: [0] });
    const blobs = await h.blobIds();
    const cloud = new FakeDeleteCloud();
    const ctx = new RecordingTaskContext();
    const [only] = await instances();
    if (only === undefined) throw new Error('no instance');
    await h.store.disks.orphan(only.disks[0]?.id ?? 0, 1); // A compilation VM has no disk.
    await deleteInstance(deps(cloud), ctx, ctx.events.beginStage('Deleting instances', 1), only, base);
    expect(cloud.agentCalls.size).toBe(0);
    expect(cloud.cpiCalls).toEqual(['delete_vm vm-0']);
    expect(await h.blobIds()).toEqual(blobs);
    expect(await instances()).toEqual([]);
  });
});

describe('deleteInstances', () => {
  it('starts no further instance after a failure and throws it once those under way are done', async () => {
    await seedDeployment(h, { instances: 3 });
    const cloud = new FakeDeleteCloud();
    cloud.agentErrors.set('agent-0', { method: 'stop', error: new Error('stop failed') });
    const ctx = new RecordingTaskContext();
    const all = await instances();
    const stage = ctx.events.beginStage('Deleting instances', all.length);
    await expect(deleteInstances(deps(cloud), ctx, stage, all, { ...base, maxThreads: 2 })).rejects.toThrow(
      'stop failed',
    );
    expect(ctx.eventLines.sort()).toEqual([
      'Deleting instances (1/3) > web/uuid-0 (0): failed (stop failed)',
      'Deleting instances (1/3) > web/uuid-0 (0): started',
      'Deleting instances (2/3) > web/uuid-1 (1): finished',
      'Deleting instances (2/3) > web/uuid-1 (1): started',
    ]);
    expect((await instances()).map((i) => i.uuid)).toEqual(['uuid-0', 'uuid-2']);
  });
});
