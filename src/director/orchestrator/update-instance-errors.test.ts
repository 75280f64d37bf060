import { describe, expect, it } from 'vitest';
import type { AgentClient, AgentEndpoint } from '../../ports/agent-client.js';
import { runJob, withJobHarness, type JobHarness } from '../../testing/director-job-harness.js';
import { FakeDeleteCloud, seedDeployment } from '../../testing/deployment-delete-fixtures.js';
import { RecordingTaskContext } from '../../testing/recording-task-context.js';
import { updateInstanceJob, type UpdateInstancePayload } from './update-instance.js';

let h: JobHarness;
withJobHarness((opened) => (h = opened));

const CLOUD = `
azs: [{name: z1}]
vm_types: [{name: small}]
networks: [{name: default, type: dynamic, subnets: [{az: z1}]}]
compilation: {workers: 1, az: z1, vm_type: small, network: default}
`;

const manifest = (group: string) => `
name: demo
releases: [{name: site, version: '1'}]
stemcells: [{alias: default, os: ubuntu-jammy, version: '1'}]
update: {canaries: 1, max_in_flight: 1, canary_watch_time: 1000, update_watch_time: 1000}
instance_groups:
- {name: ${group}, instances: 2, azs: [z1], vm_type: small, stemcell: default, networks: [{name: default}], jobs: []}
`;

/** The seeded `demo` (instances web/uuid-<i>, never given a spec) under a manifest with one group; agents stopped. */
async function setUp(group = 'web') {
  const seeded = await seedDeployment(h);
  const d = await h.store.deployments.findOrCreate('demo');
  await h.store.deployments.update(d.id, {
    manifestText: manifest(group),
    releaseVersionIds: [],
    stemcellIds: [],
    configIds: [],
  });
  await h.store.configs.create({ type: 'cloud', name: 'default', content: CLOUD, createdAt: 1 });
  const cloud = new FakeDeleteCloud();
  const getState = () => Promise.resolve({ job_state: 'stopped' });
  const agents = (e: AgentEndpoint): AgentClient => ({ ...cloud.agents(e), getState });
  return { seeded, deps: { ...cloud.deps(h), agents } };
}

async function run(
  deps: Awaited<ReturnType<typeof setUp>>['deps'],
  p: Omit<UpdateInstancePayload, 'deployment'>,
) {
  return runJob(updateInstanceJob(deps), new RecordingTaskContext(7), { deployment: 'demo', ...p });
}

describe('update_instance errors', () => {
  it('refuses to start an instance that never got a spec', async () => {
    const { seeded, deps } = await setUp();
    const { error } = await run(deps, { instanceId: seeded[0]?.id ?? 0, action: 'start', options: {} });
    expect([error?.kind, error?.message]).toEqual([
      'DirectorError',
      "Instance 'web/uuid-0 (0)' has never been deployed",
    ]);
  });

  it("fails as BOSH's nil dereference when the manifest no longer has the instance's group", async () => {
    const { seeded, deps } = await setUp('api');
    const { error } = await run(deps, { instanceId: seeded[0]?.id ?? 0, action: 'stop', options: {} });
    expect([error?.kind, error?.message]).toEqual(['DirectorError', "undefined method 'errand?' for nil"]);
  });
});
