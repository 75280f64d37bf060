import { describe, expect, it } from 'vitest';
import { runJob, withJobHarness, type JobHarness } from '../../testing/director-job-harness.js';
import { FakeDeleteCloud, seedDeployment, vmNotFound } from '../../testing/deployment-delete-fixtures.js';
import { RecordingTaskContext } from '../../testing/recording-task-context.js';
import { decodeDeleteDeploymentPayload, deleteDeploymentJob } from './delete-deployment.js';

let h: JobHarness;
withJobHarness((opened) => (h = opened));

const DELETE_ENV =
  '{"BOSH_VM_NEXT_STATE":"delete","BOSH_INSTANCE_NEXT_STATE":"delete","BOSH_DEPLOYMENT_NEXT_STATE":"delete"}';

async function run(cloud: FakeDeleteCloud, force = false, o: { cpi?: boolean } = {}) {
  const ctx = new RecordingTaskContext(9);
  const outcome = await runJob(deleteDeploymentJob(cloud.deps(h, o)), ctx, { name: 'demo', force });
  return { ctx, ...outcome };
}

/** The audit events, oldest first, as `action type name [<- parent action] [error]`. */
async function events(): Promise<string[]> {
  const all = (await h.store.events.list({})).reverse();
  const byId = new Map(all.map((e) => [e.id, e]));
  return all.map((e) => {
    const parent = e.parentId === null ? undefined : byId.get(e.parentId);
    const end = parent === undefined ? '' : ` <- ${parent.action} ${parent.objectType}`;
    return `${e.action} ${e.objectType} ${String(e.objectName)}${end}${e.error === null ? '' : ` (${e.error})`}`;
  });
}

describe('delete_deployment', () => {
  it('stops and deletes every instance, orphans disks, removes artifacts and the deployment, in BOSH stages', async () => {
    const seeded = await seedDeployment(h);
    const blobsBefore = await h.blobIds();
    const cloud = new FakeDeleteCloud();
    const { ctx, result, error } = await run(cloud);
    expect(error).toBeUndefined();
    expect(result).toBe('/deployments/demo');
    const [first, second] = seeded.map((s) => s.task);
    const instanceLines = ctx.eventLines.slice(0, 4).map((l) => l.replace(/\(\d\/2\)/, '(i/2)'));
    expect(instanceLines.sort()).toEqual([
      `Deleting instances (i/2) > ${String(first)}: finished`,
      `Deleting instances (i/2) > ${String(first)}: started`,
      `Deleting instances (i/2) > ${String(second)}: finished`,
      `Deleting instances (i/2) > ${String(second)}: started`,
    ]);
    expect(ctx.eventLines.slice(4)).toEqual([
      'Removing deployment artifacts (1/3) > Detaching stemcells: started',
      'Removing deployment artifacts (1/3) > Detaching stemcells: finished',
      'Removing deployment artifacts (2/3) > Detaching releases: started',
      'Removing deployment artifacts (2/3) > Detaching releases: finished',
      'Deleting properties (1/0) > Deleting dynamic disks: started',
      'Deleting properties (1/0) > Deleting dynamic disks: finished',
      'Deleting properties (2/0) > Destroying deployment: started',
      'Deleting properties (2/0) > Destroying deployment: finished',
    ]);
    // Deleting an instance reports no progress ticks (BOSH's InstanceDeleter stops with a NullTask).
    expect(ctx.statuses).toEqual([]);
    for (const agent of ['agent-0', 'agent-1']) {
      expect(cloud.agentCalls.get(agent)).toEqual([
        `run_script pre-stop ${DELETE_ENV}`,
        'drain shutdown {}',
        'stop',
        'run_script post-stop {}',
      ]);
    }
    expect(cloud.cpiCalls.sort()).toEqual(['delete_vm vm-0', 'delete_vm vm-1']);
    expect(ctx.locks.map((l) => `${l.name} ${String(l.timeout)}`).sort()).toEqual([
      'lock:deployment:demo 10',
      'lock:vm:vm-0 10',
      'lock:vm:vm-1 10',
    ]);

    const { store } = h;
    expect(await store.deployments.get('demo')).toBeUndefined();
    expect(await store.instances.get(seeded[0]?.id ?? 0)).toBeUndefined();
    expect(await store.ips.list({})).toEqual([]);
    expect(await store.stemcells.deploymentsUsing((await store.stemcells.list())[0]?.id ?? 0)).toEqual([]);
    expect(await store.releases.deploymentsUsing('site', '1')).toEqual([]);
    expect(await h.db.selectFrom('variable_sets').selectAll().execute()).toEqual([]);
    expect(await store.disks.orphaned()).toEqual([
      expect.objectContaining({ diskCid: 'disk-0', deploymentName: 'demo', instanceName: 'web/uuid-0' }),
    ]);
    expect(blobsBefore).toHaveLength(4);
    expect(await h.blobIds()).toEqual([]);
    expect(ctx.debugLines).toContain("Orphaning disk: 'disk-0', active");

    const audit = await events();
    expect(audit[0]).toBe('delete deployment demo');
    expect(audit.at(-1)).toBe('delete deployment demo <- delete deployment');
    expect(audit.filter((e) => !e.includes('deployment')).sort()).toEqual([
      'delete instance web/uuid-0',
      'delete instance web/uuid-0 <- delete instance',
      'delete instance web/uuid-1',
      'delete instance web/uuid-1 <- delete instance',
      'delete vm vm-0',
      'delete vm vm-0 <- delete vm',
      'delete vm vm-1',
      'delete vm vm-1 <- delete vm',
      'orphan disk disk-0',
      'orphan disk disk-0 <- orphan disk',
    ]);
  });

  it("fails with BOSH's error when the deployment does not exist, recording the failure", async () => {
    const { error, ctx } = await run(new FakeDeleteCloud());
    expect(error?.message).toBe("Deployment 'demo' doesn't exist");
    expect(error?.code).toBe(70000);
    expect(ctx.recorded).toEqual([]);
    expect(await events()).toEqual([
      'delete deployment demo',
      "delete deployment demo <- delete deployment (Deployment 'demo' doesn't exist)",
    ]);
  });

  it('refuses a deployment with ignored instances, even with force, and touches nothing', async () => {
    const [ignored] = await seedDeployment(h);
    await h.store.instances.update(ignored?.id ?? 0, { ignore: true });
    const cloud = new FakeDeleteCloud();
    const { error, ctx } = await run(cloud, true);
    expect(error?.message).toBe(
      "You are trying to delete deployment 'demo', which contains ignored instance(s). Operation not allowed.",
    );
    expect(error?.code).toBe(190021);
    expect(ctx.recorded).toEqual([]);
    expect(cloud.cpiCalls).toEqual([]);
    expect(await h.store.deployments.get('demo')).toBeDefined();
  });

  it('fails on a stop error without force; the instance and deployment stay', async () => {
    const [only] = await seedDeployment(h, { instances: 1 });
    const cloud = new FakeDeleteCloud();
    cloud.agentErrors.set('agent-0', {
      method: 'stop',
      error: new Error('Action Failed get_task: stop failed'),
    });
    const { error, ctx } = await run(cloud);
    expect(error?.message).toBe('Action Failed get_task: stop failed');
    expect(ctx.eventLines).toEqual([
      `Deleting instances (1/1) > ${String(only?.task)}: started`,
      `Deleting instances (1/1) > ${String(only?.task)}: failed (Action Failed get_task: stop failed)`,
    ]);
    expect(cloud.cpiCalls).toEqual([]);
    expect(await h.store.instances.get(only?.id ?? 0)).toBeDefined();
    expect((await events()).slice(-2)).toEqual([
      'delete instance web/uuid-0 <- delete instance (Action Failed get_task: stop failed)',
      'delete deployment demo <- delete deployment (Action Failed get_task: stop failed)',
    ]);
  });

  it('with force ignores stop and delete_vm errors and deletes everything', async () => {
    await seedDeployment(h);
    const cloud = new FakeDeleteCloud();
    cloud.agentErrors.set('agent-0', { method: 'run_script pre-stop', error: new Error('Timed out') });
    cloud.deleteVmErrors.set('vm-1', new Error('CPI error: boom'));
    const { error, ctx } = await run(cloud, true);
    expect(error).toBeUndefined();
    expect(cloud.agentCalls.get('agent-0')).toEqual([`run_script pre-stop ${DELETE_ENV}`]);
    expect(ctx.debugLines).toContain('Force deleting is set, ignoring exception: Timed out');
    expect(ctx.debugLines).toContain('Force deleting is set, ignoring exception: CPI error: boom');
    expect(await h.store.deployments.get('demo')).toBeUndefined();
  });

  it('fails on a delete_vm error without force, keeping the VM and its instance', async () => {
    await seedDeployment(h, { instances: 1 });
    const cloud = new FakeDeleteCloud();
    cloud.deleteVmErrors.set('vm-0', new Error('CPI error: boom'));
    const { error } = await run(cloud);
    expect(error?.message).toBe('CPI error: boom');
    expect((await h.store.deployments.state('demo'))?.instances[0]?.activeVm?.cid).toBe('vm-0');
    expect((await events()).filter((e) => e.includes('vm-0'))).toEqual([
      'delete vm vm-0',
      'delete vm vm-0 <- delete vm (CPI error: boom)',
    ]);
  });

  it('takes a VM the cloud no longer has as deleted', async () => {
    await seedDeployment(h, { instances: 1 });
    const cloud = new FakeDeleteCloud();
    cloud.deleteVmErrors.set('vm-0', vmNotFound('vm-0'));
    const { error, ctx } = await run(cloud);
    expect(error).toBeUndefined();
    expect(ctx.debugLines).toContain("VM 'vm-0' might have already been deleted from the cloud");
    expect(await h.store.deployments.get('demo')).toBeUndefined();
  });

  it('needs no CPI for a deployment without VMs', async () => {
    await seedDeployment(h, { instances: 1, withoutVm: [0] });
    expect((await run(new FakeDeleteCloud(), false, { cpi: false })).error).toBeUndefined();
    expect(await h.store.deployments.get('demo')).toBeUndefined();
  });

  it('fails to delete VMs when no CPI is configured', async () => {
    await seedDeployment(h, { instances: 1 });
    const { error } = await run(new FakeDeleteCloud(), false, { cpi: false });
    expect(error?.message).toBe('No CPI is configured for this director');
  });

  it('decodes its payload', () => {
    expect(decodeDeleteDeploymentPayload({ name: 'a', force: true })).toEqual({
      name: 'a',
      force: true,
      keepSnapshots: false,
    });
    expect(() => decodeDeleteDeploymentPayload({})).toThrow(
      "Invalid delete_deployment task payload: 'name' is missing",
    );
  });
});
