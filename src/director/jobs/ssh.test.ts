import { describe, expect, it } from 'vitest';
import { runJob, type JobHarness } from '../../testing/director-job-harness.js';
import {
  withSeededDemo,
  type FakeAccessAgents,
  type SeededInstance,
} from '../../testing/instance-access-fixtures.js';
import { RecordingTaskContext } from '../../testing/recording-task-context.js';
import { sshJob, targetFilter } from './ssh.js';

let h: JobHarness;
let agents: FakeAccessAgents;
let web: SeededInstance[];
withSeededDemo({ count: 3, withoutVm: [2] }, (seeded) => ({ h, agents, web } = seeded));

const uuid = (i: number): string => web[i]?.uuid ?? '';

async function ssh(options: unknown) {
  const ctx = new RecordingTaskContext(42, 'alice');
  return { ...(await runJob(sshJob(agents.deps()), ctx, { deployment: 'demo', options })), ctx };
}

const setup = (target: unknown) => ({
  command: 'setup',
  deployment_name: 'demo',
  params: { public_key: 'ssh-rsa AAAA\n', user: 'bosh_abc' },
  target,
});

describe('ssh', () => {
  it('sets up every instance with a VM and answers one JSON line: the agent answer with id, index and job', async () => {
    const { result, ctx, error } = await ssh(setup({ ids: [], indexes: [], job: 'web' }));
    expect(error).toBeUndefined();
    expect(result).toBe('');
    expect(agents.calls).toEqual([
      'agent-0 ssh ["setup",{"public_key":"ssh-rsa AAAA\\n","user":"bosh_abc"}]',
      'agent-1 ssh ["setup",{"public_key":"ssh-rsa AAAA\\n","user":"bosh_abc"}]',
    ]);
    expect(ctx.results).toEqual([
      `${JSON.stringify([
        {
          command: 'setup',
          status: 'success',
          ip: '10.0.0.2',
          host_public_key: 'ssh-ed25519 KEY-agent-0',
          id: uuid(0),
          index: 0,
          job: 'web',
        },
        {
          command: 'setup',
          status: 'success',
          ip: '10.0.0.3',
          host_public_key: 'ssh-ed25519 KEY-agent-1',
          id: uuid(1),
          index: 1,
          job: 'web',
        },
      ])}\n`,
    ]);
    const events = await h.store.events.list({});
    expect(
      events.map((e) => [e.user, e.action, e.objectType, e.objectName, e.task, e.instance, e.context]),
    ).toEqual(
      [1, 0].map((i) => [
        'alice',
        'setup ssh',
        'instance',
        `web/${uuid(i)}`,
        '42',
        `web/${uuid(i)}`,
        { user: 'bosh_abc' },
      ]),
    );
  });

  it('selects by index or uuid, and cleans up with the user regex', async () => {
    const byIndex = await ssh(setup({ ids: ['1'], indexes: ['1'], job: 'web' }));
    expect(JSON.parse(byIndex.ctx.results[0] ?? '')).toMatchObject([{ id: uuid(1), index: 1 }]);
    agents.calls.length = 0;
    const cleanup = await ssh({
      command: 'cleanup',
      deployment_name: 'demo',
      params: { user_regex: '^bosh_abc' },
      target: { ids: [uuid(0)], indexes: [uuid(0)], job: 'web' },
    });
    expect(agents.calls).toEqual(['agent-0 ssh ["cleanup",{"user_regex":"^bosh_abc"}]']);
    expect(JSON.parse(cleanup.ctx.results[0] ?? '')).toEqual([
      { command: 'cleanup', status: 'success', id: uuid(0), index: 0, job: 'web' },
    ]);
    const [event] = await h.store.events.list({});
    expect([event?.action, event?.context]).toEqual(['cleanup ssh', { user: '^bosh_abc' }]);
  });

  it("fails with BOSH's texts when nothing matches, or only instances without a VM", async () => {
    const none = await ssh(setup({ ids: ['7'], indexes: ['7'], job: 'web' }));
    expect(none.error?.message).toBe('No instances matched {job: "web", index: [7], deployment_id: 1}');
    expect(none.error?.code).toBe(70001);
    const byUuid = await ssh(setup({ ids: ['abc'], indexes: ['abc'], job: 'db' }));
    expect(byUuid.error?.message).toBe('No instances matched {job: "db", uuid: ["abc"], deployment_id: 1}');
    const noVm = await ssh(setup({ ids: ['2'], indexes: ['2'], job: 'web' }));
    expect(noVm.error?.message).toBe(
      `No instance with a VM in deployment 'demo' matched filter {job: "web", index: [2]}`,
    );
    expect(noVm.error?.code).toBe(100);
    expect(agents.calls).toEqual([]);
  });

  it("stops at an agent's failure, recording it in the instance's event", async () => {
    agents.errors.set('agent-0', {
      method: 'ssh',
      error: new Error('Action Failed ssh: Creating user: boom'),
    });
    const { error, ctx } = await ssh(setup({ ids: [], indexes: [], job: 'web' }));
    expect(error?.message).toBe('Action Failed ssh: Creating user: boom');
    expect(ctx.results).toEqual([]);
    const events = await h.store.events.list({});
    expect(events.map((e) => e.error)).toEqual(['Action Failed ssh: Creating user: boom']);
  });
});

describe('targetFilter (Target#id_filter)', () => {
  it('numbers select by index, other ids by uuid, old CLIs by indexes alone', () => {
    expect(targetFilter({ job: 'web', ids: ['0', 'abc', '3'], indexes: [] })).toEqual([
      ['job', 'web'],
      ['index', [0, 3]],
      ['uuid', ['abc']],
    ]);
    expect(targetFilter({ ids: [], indexes: ['2'] })).toEqual([['index', ['2']]]);
    expect(targetFilter({ ids: [], indexes: [] })).toEqual([]);
  });
});
