import { describe, expect, it } from 'vitest';
import type { AgentClient, AgentEndpoint } from '../../ports/agent-client.js';
import { runJob, withJobHarness, type JobHarness } from '../../testing/director-job-harness.js';
import { FakeDeleteCloud, seedDeployment } from '../../testing/deployment-delete-fixtures.js';
import { RecordingTaskContext } from '../../testing/recording-task-context.js';
import { updateInstanceJob, type UpdateInstancePayload } from './update-instance.js';

const NO_IDS = { releaseVersionIds: [], stemcellIds: [], configIds: [] };

let h: JobHarness;
withJobHarness((opened) => (h = opened));

const CLOUD = `
azs: [{name: z1}]
vm_types: [{name: small}]
networks: [{name: default, type: dynamic, subnets: [{az: z1}]}]
compilation: {workers: 1, az: z1, vm_type: small, network: default}
`;

const manifest = (lifecycle = 'service', group = 'web') => `
name: demo
releases: [{name: site, version: '1'}]
stemcells: [{alias: default, os: ubuntu-jammy, version: '1'}]
update: {canaries: 1, max_in_flight: 1, canary_watch_time: 1000, update_watch_time: 1000}
instance_groups:
- {name: ${group}, lifecycle: ${lifecycle}, instances: 2, azs: [z1], vm_type: small, stemcell: default, networks: [{name: default}], jobs: []}
`;

/**
 * The seeded `demo` (instances web/uuid-<i>, never given a spec) with a deployable manifest whose one group is
 * `group` (`web`), and a cloud config; the agents answer get_state as told.
 */
async function setUp(o: { lifecycle?: string; group?: string; jobState?: string | Error } = {}) {
  const seeded = await seedDeployment(h);
  const d = await h.store.deployments.findOrCreate('demo');
  await h.store.deployments.update(d.id, { manifestText: manifest(o.lifecycle, o.group), ...NO_IDS });
  await h.store.configs.create({ type: 'cloud', name: 'default', content: CLOUD, createdAt: 1 });
  const cloud = new FakeDeleteCloud();
  const deps = cloud.deps(h);
  const getState = () => {
    const s = o.jobState ?? 'running';
    return s instanceof Error ? Promise.reject(s) : Promise.resolve({ job_state: s });
  };
  const agents = (e: AgentEndpoint): AgentClient => ({ ...cloud.agents(e), getState });
  return { seeded, cloud, deps: { ...deps, agents } };
}

async function run(
  deps: Awaited<ReturnType<typeof setUp>>['deps'],
  p: Omit<UpdateInstancePayload, 'deployment'>,
) {
  const ctx = new RecordingTaskContext(7);
  const outcome = await runJob(updateInstanceJob(deps), ctx, { deployment: 'demo', ...p });
  return { ctx, ...outcome };
}

const KEEP =
  '{"BOSH_VM_NEXT_STATE":"keep","BOSH_INSTANCE_NEXT_STATE":"keep","BOSH_DEPLOYMENT_NEXT_STATE":"keep"}';

describe('update_instance (--no-converge)', () => {
  it('stops one instance (a shutdown drain), records it stopped, and names it as the result', async () => {
    const { seeded, cloud, deps } = await setUp();
    const web0 = seeded[0];
    const { ctx, result, error } = await run(deps, {
      instanceId: web0?.id ?? 0,
      action: 'stop',
      options: {},
    });
    expect(error).toBeUndefined();
    expect(result).toBe('web/uuid-0');
    expect(ctx.locks).toEqual([{ name: 'lock:deployment:demo', timeout: 10 }]);
    expect(ctx.eventLines).toEqual([
      'Updating instance web/uuid-0 (0) (1/null) > Stopping instance: started',
      'Updating instance web/uuid-0 (0) (1/null) > Stopping instance: finished',
    ]);
    expect(cloud.agentCalls.get('agent-0')).toEqual([
      `run_script pre-stop ${KEEP}`,
      'drain shutdown {}',
      'stop',
      'run_script post-stop {}',
    ]);
    expect(cloud.agentCalls.get('agent-1') ?? []).toEqual([]);
    expect((await h.store.instances.get(web0?.id ?? 0))?.state).toBe('stopped');
    const events = (await h.store.events.list({}))
      .reverse()
      .map((e) => `${e.action} ${String(e.objectName)}`);
    expect(events).toEqual(['stop web/uuid-0', 'stop web/uuid-0']);

    // Stopped already: nothing to do, not even a stage line.
    const again = await run(deps, { instanceId: web0?.id ?? 0, action: 'stop', options: {} });
    expect([again.error, again.ctx.eventLines]).toEqual([undefined, []]);
  });

  it('with --hard deletes the VM after the stop and records the instance detached', async () => {
    const { seeded, cloud, deps } = await setUp();
    const id = seeded[1]?.id ?? 0;
    const { ctx, error } = await run(deps, {
      instanceId: id,
      action: 'stop',
      options: { hard: true, skip_drain: true },
    });
    expect(error).toBeUndefined();
    expect(ctx.eventLines.filter((l) => l.endsWith('finished'))).toEqual([
      'Updating instance web/uuid-1 (1) (1/null) > Stopping instance: finished',
      'Updating instance web/uuid-1 (1) (2/null) > Deleting VM: finished',
    ]);
    expect(cloud.agentCalls.get('agent-1')).toEqual(['stop', 'run_script post-stop {}']);
    expect(cloud.cpiCalls).toEqual(['delete_vm vm-1']);
    expect(await h.store.instances.get(id)).toMatchObject({ state: 'detached' });
  });

  it('does not start an instance whose jobs already run', async () => {
    const { seeded, deps } = await setUp();
    const { ctx, error } = await run(deps, { instanceId: seeded[0]?.id ?? 0, action: 'start', options: {} });
    expect([error, ctx.eventLines]).toEqual([undefined, []]);
  });

  it('fails on an agent that does not answer, naming the instance, unless told to ignore it', async () => {
    const { seeded, cloud, deps } = await setUp({ jobState: new Error('Timed out sending get_state') });
    const id = seeded[0]?.id ?? 0;
    const failed = await run(deps, { instanceId: id, action: 'stop', options: {} });
    expect(failed.error?.message).toBe('web/uuid-0: Timed out sending get_state');
    const ignored = await run(deps, {
      instanceId: id,
      action: 'stop',
      options: { hard: true, ignore_unresponsive_agent: true },
    });
    expect(ignored.error).toBeUndefined();
    // An unresponsive agent is not stopped; its VM is deleted with the disks attached.
    expect(cloud.agentCalls.get('agent-0') ?? []).toEqual([]);
    expect(cloud.cpiCalls).toEqual(['delete_vm vm-0']);
  });

  it("refuses errand instances and ignored instances in BOSH's words", async () => {
    const errand = await setUp({ lifecycle: 'errand' });
    const id = errand.seeded[0]?.id ?? 0;
    const refused = await run(errand.deps, { instanceId: id, action: 'restart', options: { hard: true } });
    expect([refused.error?.kind, refused.error?.message]).toEqual([
      'InstanceGroupInvalidLifecycleError',
      'Isolated recreate can not be run on instances of type errand. Try the bosh run-errand command.',
    ]);
    await h.store.deployments.update((await h.store.deployments.findOrCreate('demo')).id, {
      manifestText: manifest(),
      ...NO_IDS,
    });
    await h.store.instances.update(id, { ignore: true });
    const ignored = await run(errand.deps, { instanceId: id, action: 'start', options: {} });
    expect(ignored.error?.message).toBe(
      "You are trying to change the state of the ignored instance 'web/uuid-0'." +
        'This operation is not allowed. You need to unignore it first.',
    );
    const gone = await run(errand.deps, { instanceId: 999, action: 'start', options: {} });
    expect([gone.error?.code, gone.error?.message]).toEqual([70001, 'Bosh::Director::InstanceNotFound']);
  });
});

describe('update_instance errors', () => {
  it('refuses to start an instance that never got a spec', async () => {
    const { seeded, deps } = await setUp({ jobState: 'stopped' });
    const { error } = await run(deps, { instanceId: seeded[0]?.id ?? 0, action: 'start', options: {} });
    expect([error?.kind, error?.message]).toEqual([
      'DirectorError',
      "Instance 'web/uuid-0 (0)' has never been deployed",
    ]);
  });

  it("fails as BOSH's nil dereference when the manifest no longer has the instance's group", async () => {
    const { seeded, deps } = await setUp({ group: 'api', jobState: 'stopped' });
    const { error } = await run(deps, { instanceId: seeded[0]?.id ?? 0, action: 'stop', options: {} });
    expect([error?.kind, error?.message]).toEqual(['DirectorError', "undefined method 'errand?' for nil"]);
  });
});
