import { describe, expect, it } from 'vitest';
import { instanceStateHelpers, serving } from './instance-state-support.js';
import { inOrder, instancesOf } from './query-support.js';
import { sharedDeployEnv } from './support.js';
import { writeWebManifest } from './web-release.js';

// `bosh start/stop/restart/recreate` on the embedded director: converging (a deploy of the stored manifest with the
// instances' states overridden, through the update stage) and `--no-converge` (one instance, BOSH's own stage).
let manifest = '';
const uuids: string[] = [];
const env = sharedDeployEnv(
  'it-instance-state-',
  {},
  async (e) => {
    // A property from a variable: an action that renders the instance again must not change its configuration.
    manifest = await writeWebManifest(e.dir, 'demo', {
      instances: 2,
      watch: '1000-30000',
      properties: { message: '((greeting))' },
      extra: { variables: [{ name: 'greeting', type: 'password' }] },
    });
    expect((await e.bosh(['-d', 'demo', 'deploy', manifest])).code).toBe(0);
    const listed = await instancesOf(e, 'demo');
    uuids.push(...listed.sort((a, b) => a.index - b.index).map((i) => i.id));
  },
  300_000,
);

const { rows, bosh, line, step } = instanceStateHelpers(() => env, uuids);

describe('converging start, stop, restart, recreate', { timeout: 300_000 }, () => {
  it('stops one instance (drained, its process ends) and a later deploy keeps it stopped', async () => {
    const out = await bosh('stop', 'web/0');
    expect(out).toContain(`Updating instance web: web/${uuids[0] ?? ''} (0) (canary)\n`);
    inOrder(out, [
      line(0, 'executing pre-stop', true),
      line(0, 'executing drain', true),
      line(0, 'stopping jobs', true),
    ]);
    expect(out).not.toContain('starting jobs');
    expect(out).not.toContain(`web/${uuids[1] ?? ''}`);
    const [web0, web1] = await rows();
    expect([web0?.process, web0?.state, web1?.process, web1?.state]).toEqual([
      'stopped',
      'stopped',
      'running',
      'started',
    ]);
    expect(await serving(web0?.ip ?? '')).toBe(false);
    expect(await serving(web1?.ip ?? '')).toBe(true);

    const again = await bosh('deploy', manifest);
    expect(again).not.toContain('Updating instance');
    expect((await rows()).map((r) => r.state)).toEqual(['stopped', 'started']);
  });

  it('starts it again without stopping anything', async () => {
    const out = await bosh('start', 'web/0');
    inOrder(out, [
      line(0, 'installing packages', true),
      line(0, 'starting jobs', true),
      line(0, 'executing post-start', true),
    ]);
    expect(out).not.toContain('executing pre-stop');
    const [web0] = await rows();
    expect([web0?.process, web0?.state]).toEqual(['running', 'started']);
    expect(await serving(web0?.ip ?? '')).toBe(true);
  });

  it('restarts every instance of the group on its VM: stop, then start', async () => {
    const before = await rows();
    const out = await bosh('restart', 'web');
    inOrder(out, [
      line(0, 'executing pre-stop', true),
      line(0, 'stopping jobs', true),
      line(0, 'starting jobs', true),
      line(1, 'executing pre-stop'),
      line(1, 'stopping jobs'),
      line(1, 'starting jobs'),
    ]);
    const after = await rows();
    expect(after.map((r) => r.cid)).toEqual(before.map((r) => r.cid));
    expect(after.map((r) => r.process)).toEqual(['running', 'running']);
  });

  it('recreates the VM of the instance named by uuid, and only that one', async () => {
    const before = await rows();
    const out = await bosh('recreate', `web/${uuids[1] ?? ''}`);
    inOrder(out, [line(1, 'stopping jobs', true), line(1, 'starting jobs', true)]);
    expect(out).not.toContain(`web/${uuids[0] ?? ''}`);
    const after = await rows();
    expect(after[0]?.cid).toBe(before[0]?.cid);
    expect(after[1]?.cid).not.toBe(before[1]?.cid);
    expect(after[1]?.cid).toMatch(/^vm-/);
    expect(after.map((r) => r.process)).toEqual(['running', 'running']);
  });

  it('stop --hard deletes the VM and keeps the instance; start creates a VM for it again', async () => {
    const before = await rows();
    const out = await bosh('stop', '--hard', 'web/1');
    expect(out).toContain(line(1, 'stopping jobs', true));
    const detached = await rows();
    expect([detached[1]?.state, detached[1]?.cid]).toEqual(['detached', '']);
    const vms = await bosh('vms');
    expect(vms).toContain(before[0]?.cid);
    expect(vms).not.toContain(`web/${uuids[1] ?? ''}`);

    const started = await bosh('start', 'web/1');
    expect(started).toMatch(
      new RegExp(`Creating missing vms: web/${uuids[1] ?? ''} \\(1\\) \\(\\d\\d:\\d\\d:\\d\\d\\)`),
    );
    expect(started).toContain(line(1, 'starting jobs', true));
    const after = await rows();
    expect([after[1]?.state, after[1]?.process]).toEqual(['started', 'running']);
    expect(after[1]?.cid).not.toBe(before[1]?.cid);
    expect(await serving(after[1]?.ip ?? '')).toBe(true);
  });
});

describe('--no-converge', { timeout: 300_000 }, () => {
  it('stops and starts one instance in its own stage, the other untouched', async () => {
    const stop = await bosh('stop', '--no-converge', 'web/0');
    expect(stop).toContain(step(0, 'Stopping instance'));
    expect(stop).not.toContain('Preparing deployment');
    const [web0, web1] = await rows();
    expect([web0?.process, web0?.state, web1?.state]).toEqual(['stopped', 'stopped', 'started']);
    expect(await serving(web0?.ip ?? '')).toBe(false);
    // The stored manifest is untouched and a deploy keeps the instance stopped.
    expect(await bosh('deploy', manifest)).not.toContain('Updating instance');

    const start = await bosh('start', '--no-converge', 'web/0');
    expect(start).toContain(step(0, 'Starting instance'));
    expect(start).not.toContain('Creating VM');
    expect((await rows())[0]?.process).toBe('running');
    // Already running: nothing to do.
    expect(await bosh('start', '--no-converge', 'web/0')).not.toContain('Updating instance');
  });

  it('restarts (stop, start) and recreates (stop, delete and create the VM, start) one instance', async () => {
    const restart = await bosh('restart', '--no-converge', 'web/0');
    inOrder(restart, [step(0, 'Stopping instance'), step(0, 'Starting instance')]);
    const before = await rows();
    const recreate = await bosh('recreate', '--no-converge', 'web/0');
    inOrder(recreate, [
      step(0, 'Stopping instance'),
      step(0, 'Deleting VM'),
      step(0, 'Creating VM'),
      step(0, 'Starting instance'),
    ]);
    const after = await rows();
    expect(after[0]?.cid).not.toBe(before[0]?.cid);
    expect(after[1]?.cid).toBe(before[1]?.cid);
    expect(after.map((r) => r.process)).toEqual(['running', 'running']);
    expect(await serving(after[0]?.ip ?? '')).toBe(true);
    expect(await bosh('deploy', manifest)).not.toContain('Updating instance');
  });

  it('stop --hard detaches one instance; start brings it back on a new VM', async () => {
    const stop = await bosh('stop', '--hard', '--no-converge', 'web/1');
    inOrder(stop, [step(1, 'Stopping instance'), step(1, 'Deleting VM')]);
    expect((await rows())[1]).toMatchObject({ state: 'detached', cid: '' });
    const start = await bosh('start', '--no-converge', 'web/1');
    inOrder(start, [step(1, 'Creating VM'), step(1, 'Starting instance')]);
    expect((await rows())[1]).toMatchObject({ state: 'started', process: 'running' });
    expect(await bosh('deploy', manifest)).not.toContain('Updating instance');

    const tasks = (await env.director.json('GET', '/tasks?verbose=2&limit=40')) as {
      description: string;
      result: string;
    }[];
    const descriptions = tasks.map((t) => t.description);
    for (const d of ['stop instance', 'start instance', 'restart instance', 'recreate instance'])
      expect(descriptions).toContain(d);
    // The task's result is the instance's name.
    const last = tasks.find((t) => t.description === 'start instance');
    expect(last?.result).toBe(`web/${uuids[1] ?? ''}`);
  });
});

describe('refusals', { timeout: 120_000 }, () => {
  it("answers BOSH's errors for unknown instances and refuses --no-converge on a whole group", async () => {
    const missing = await env.bosh(['-n', '-d', 'demo', 'stop', 'web/7']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("'demo/web/7' doesn't exist");
    const bad = await env.bosh(['-n', '-d', 'demo', 'restart', '--no-converge', 'web/abc']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Invalid instance index or id 'abc'");
    const group = await env.bosh(['-n', '-d', 'demo', 'stop', '--no-converge', 'web']);
    expect(group.code).toBe(1);
    expect(group.stderr).toContain(
      'You are trying to run stop with --no-converge on an entire instance group. This operation is not allowed.',
    );
    const gone = await env.bosh(['-n', '-d', 'nope', 'start', 'web/0']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain("Deployment 'nope' doesn't exist");
  });
});
