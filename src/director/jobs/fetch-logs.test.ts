import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { list } from 'tar';
import { describe, expect, it } from 'vitest';
import { BoshError } from '../../core/errors.js';
import { runJob, type JobHarness } from '../../testing/director-job-harness.js';
import {
  withSeededDemo,
  type FakeAccessAgents,
  type SeededInstance,
} from '../../testing/instance-access-fixtures.js';
import { RecordingTaskContext } from '../../testing/recording-task-context.js';
import { fetchLogsJob, type FetchLogsPayload } from './fetch-logs.js';

let h: JobHarness;
let agents: FakeAccessAgents;
let web: SeededInstance[];
withSeededDemo({ count: 2 }, (seeded) => ({ h, agents, web } = seeded));

async function fetch(p: Partial<FetchLogsPayload>) {
  const ctx = new RecordingTaskContext();
  const payload: FetchLogsPayload = { deployment: 'demo', instanceIds: [], type: 'job', filters: [], ...p };
  return { ...(await runJob(fetchLogsJob(agents.deps()), ctx, payload)), ctx };
}

const id = (i: number): number => web[i]?.id ?? 0;
const uuid = (i: number): string => web[i]?.uuid ?? '';

describe('fetch_logs', () => {
  it("asks the instance's agent for a bundle and answers its blobstore id", async () => {
    const { result, ctx, error } = await fetch({
      instanceIds: [id(1)],
      type: 'agent',
      filters: ['a/*', 'b'],
    });
    expect(error).toBeUndefined();
    expect(agents.calls).toEqual(['agent-1 fetch_logs ["agent",["a/*","b"]]']);
    expect(await h.blobIds()).toEqual([result]);
    expect(ctx.eventLines).toEqual([
      `Fetching logs for web/${uuid(1)} (1) (1/1) > Finding and packing log files: started`,
      `Fetching logs for web/${uuid(1)} (1) (1/1) > Finding and packing log files: finished`,
    ]);
    expect(ctx.debugLines).toEqual(['Fetching logs from agent with log_type=agent filters=["a/*", "b"]']);
  });

  it('packs the bundles of several instances into one tgz of <group>.<uuid>.<time>.tgz files', async () => {
    const { result, ctx, error } = await fetch({ instanceIds: [id(0), id(1)] });
    expect(error).toBeUndefined();
    const finished = ctx.eventLines.filter((l) => l.endsWith('finished'));
    // The instances' bundles are fetched in parallel: they finish in either order, both before the packing.
    expect(finished.slice(0, 2).sort()).toEqual([
      `Fetching logs for web/${uuid(0)} (0) (1/1) > Finding and packing log files: finished`,
      `Fetching logs for web/${uuid(1)} (1) (1/1) > Finding and packing log files: finished`,
    ]);
    expect(finished.slice(2)).toEqual([
      'Fetching group of logs (1/1) > Packing log files together: finished',
    ]);
    // Only the packed bundle is left in the blobstore, and nothing in the temp dir.
    expect(await h.blobIds()).toEqual([result]);
    expect(await h.tmpEntries()).toEqual([]);
    const out = await mkdtemp(join(h.work, 'out-'));
    await h.blobstore.get(result ?? '', join(out, 'logs.tgz'));
    const entries: string[] = [];
    await list({ file: join(out, 'logs.tgz'), onReadEntry: (e) => entries.push(e.path) });
    const stamp = new Date(1_700_000_000_000);
    const two = (n: number) => String(n).padStart(2, '0');
    const time = `${String(stamp.getFullYear())}-${two(stamp.getMonth() + 1)}-${two(stamp.getDate())}-${two(stamp.getHours())}-${two(stamp.getMinutes())}-${two(stamp.getSeconds())}`;
    expect(entries.sort()).toEqual(['./', `./web.${uuid(0)}.${time}.tgz`, `./web.${uuid(1)}.${time}.tgz`]);
    await rm(out, { recursive: true });
  });

  it("fails with BOSH's errors for an agent without a (valid) blobstore id", async () => {
    agents.fetchLogsAnswers.set('agent-0', { sha1: 'x' });
    agents.fetchLogsAnswers.set('agent-1', { blobstore_id: '../etc/passwd' });
    const none = await fetch({ instanceIds: [id(0)] });
    expect(none.error).toEqual(
      new BoshError('AgentTaskNoBlobstoreId', "Agent didn't return a blobstore object id for packaged logs"),
    );
    expect(none.error?.code).toBe(400001);
    const invalid = await fetch({ instanceIds: [id(1)] });
    expect(invalid.error?.message).toBe("Agent didn't return a valid blobstore object id for packaged logs");
    expect(invalid.error?.code).toBe(400014);
    expect(invalid.ctx.eventLines[1]).toBe(
      `Fetching logs for web/${uuid(1)} (1) (1/1) > Finding and packing log files: failed (Agent didn't return a valid blobstore object id for packaged logs)`,
    );
  });

  it('fails with the first failure of several instances and leaves no bundle behind', async () => {
    agents.errors.set('agent-1', {
      method: 'fetch_logs',
      error: new Error('Action Failed fetch_logs: boom'),
    });
    const { error } = await fetch({ instanceIds: [id(0), id(1)] });
    expect(error?.message).toBe('Action Failed fetch_logs: boom');
    expect(await h.blobIds()).toEqual([]);
    expect(await h.tmpEntries()).toEqual([]);
  });

  it("fails with BOSH's errors for an instance that is gone or has no VM any more", async () => {
    const gone = await fetch({ instanceIds: [9999] });
    expect(gone.error?.message).toBe("Instance 9999 doesn't exist");
    expect(gone.error?.code).toBe(70001);
    const h2 = await seedDemoWithoutVm();
    const noVm = await fetch({ instanceIds: [h2] });
    expect(noVm.error?.message).toBe(`'web/00000000-0000-4000-8000-000000000002 (2)' doesn't reference a VM`);
    expect(noVm.error?.code).toBe(70004);
    expect(noVm.ctx.eventLines).toEqual([]);
  });
});

/** A third instance, without a VM. */
async function seedDemoWithoutVm(): Promise<number> {
  const d = await h.store.deployments.findOrCreate('demo');
  const state = await h.store.deployments.state('demo');
  const instance = await h.store.instances.create({
    deploymentId: d.id,
    job: 'web',
    index: 2,
    uuid: '00000000-0000-4000-8000-000000000002',
    state: 'started',
    variableSetId: state?.currentVariableSet?.id ?? 0,
  });
  return instance.id;
}
