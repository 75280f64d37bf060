import { readlink } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  apply,
  applySpec,
  instanceId,
  LocalCloud,
  pidfilePid,
  readText,
  scanProcesses,
  startInstance,
  waitFor,
  type Vm,
} from './support.js';

// A VM's life through the real local CPI and agent: create, ping, apply + pre-start + start, supervision, and a
// delete_vm that leaves nothing running.
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await LocalCloud.create();
});
afterEach(() => cloud.deleteAllVms(), 60_000);
afterAll(() => cloud.destroy(), 60_000);

/** A VM whose fixture job has been applied, pre-started and started, and runs. */
async function runningVm(agentId: string): Promise<Vm> {
  const vm = await cloud.createVm(agentId);
  await vm.waitForAgent();
  await startInstance(vm);
  return vm;
}

const loopPid = (vm: Vm) => pidfilePid(vm, 'sys/run/web/loop.pid');

describe('a VM of the local CPI', { timeout: 180_000 }, () => {
  it('is created from a stemcell and its agent answers ping at the VM IP, in its own namespaces', async () => {
    const stemcell = await cloud.stemcell();
    expect(stemcell).toMatch(/^stemcell-/);
    const vm = await cloud.createVm('agent-ping');
    expect(vm.ip).toMatch(/^127\.\d+\.\d+\.\d+$/);
    expect(await cloud.ok('has_vm', [vm.cid])).toBe(true);
    await vm.waitForAgent();
    expect(await vm.call('ping')).toEqual({ value: 'pong' });

    const agent = await vm.agentPid();
    expect(await readlink(`/proc/${String(agent)}/ns/mnt`)).not.toBe(await readlink('/proc/self/ns/mnt'));
    expect(await readlink(`/proc/${String(agent)}/cwd`)).toBe('/var/vcap');
    const state = (await vm.call('get_state')).value as Record<string, unknown>;
    expect(state).toMatchObject({ agent_id: 'agent-ping', vm: { name: vm.cid } });
  });

  it('runs the fixture job after apply, run_script pre-start and start', async () => {
    const vm = await cloud.createVm('agent-run');
    await vm.waitForAgent();
    expect(await vm.runTask('apply', await applySpec(vm))).toEqual({ value: 'applied' });
    expect(await vm.runTask('run_script', 'pre-start', {})).toEqual({ value: {} });
    expect(await vm.call('start')).toEqual({ value: 'started' });
    await waitFor('the job to be running', async () => (await vm.jobState()) === 'running', 60_000);
    // pre-start ran the package inside the VM and its output went where the job's /var/vcap paths say.
    expect(await readText(vm.path('data/web/pre-start.out'))).toBe(
      `greeter says hello to ${instanceId(vm)}\n`,
    );
    const state = (await vm.call('get_state')).value as { processes: { name: string; state: string }[] };
    expect(state.processes.map((p) => [p.name, p.state])).toEqual([
      ['web', 'running'],
      ['web-http', 'running'],
    ]);
    const pid = await waitFor('the loop pidfile', () => loopPid(vm));
    expect(await readText(`/proc/${String(pid)}/cmdline`)).toContain('while true');
    const beat = await waitFor('a heartbeat', () => readText(vm.path('data/web/heartbeat')));
    await waitFor('the next heartbeat', async () => (await readText(vm.path('data/web/heartbeat'))) !== beat);
  });

  it('restarts a job process that was killed', async () => {
    const vm = await runningVm('agent-restart');
    const before = await waitFor('the loop pidfile', () => loopPid(vm));
    process.kill(before, 'SIGKILL');
    const after = await waitFor(
      'the supervisor to start the loop again',
      async () => {
        const pid = await loopPid(vm);
        return pid !== undefined && pid !== before ? pid : undefined;
      },
      90_000,
    );
    expect(await readText(`/proc/${String(after)}/cmdline`)).toContain('while true');
    await waitFor('the job to be running again', async () => (await vm.jobState()) === 'running', 60_000);
  });

  it('takes back its running jobs when its agent process is killed and restarted', async () => {
    const vm = await runningVm('agent-killed');
    const loop = await waitFor('the loop pidfile', () => loopPid(vm));
    const agent = await vm.agentPid();
    process.kill(agent, 'SIGKILL');
    await waitFor(
      'a new agent process',
      async () => (await vm.agentPid().catch(() => agent)) !== agent,
      30_000,
    );
    await vm.waitForAgent();
    // The job was adopted, not restarted: the same process, reported running again.
    await waitFor(
      'the job to be running under the new agent',
      async () => (await vm.jobState()) === 'running',
    );
    expect(await loopPid(vm)).toBe(loop);
    const state = (await vm.call('get_state')).value as { processes: { name: string; state: string }[] };
    expect(state.processes.map((p) => [p.name, p.state])).toEqual([
      ['web', 'running'],
      ['web-http', 'running'],
    ]);
    // And the new agent stops it.
    expect(await vm.runTask('stop')).toEqual({ value: 'stopped' });
    await waitFor('the loop to end', async () => !(await readText(`/proc/${String(loop)}/cmdline`)));
  });

  it('reports a failing pre-start and keeps its output in sys/log/<job>/pre-start.stderr.log', async () => {
    const vm = await cloud.createVm('agent-broken');
    await vm.waitForAgent();
    await apply(vm, { jobs: ['web', 'broken'] });
    const result = await vm.runTask('run_script', 'pre-start', {});
    expect(result.exception?.message).toMatch(
      /^Action Failed get_task: Task \S+ result: 1 of 2 pre-start scripts failed\. Failed Jobs: broken\. Successful Jobs: web\.$/,
    );
    expect(await readText(vm.path('sys/log/broken/pre-start.stderr.log'))).toBe(
      'broken: cannot start: no config\n',
    );
    expect(await readText(vm.path('sys/log/broken/pre-start.stdout.log'))).toBe('broken: checking config\n');
  });

  it('leaves no process behind after delete_vm, not even one that dropped the VM marker', async () => {
    const vm = await runningVm('agent-delete');
    const ns = await vm.namespaces();
    const agent = await vm.agentPid();
    const loop = await waitFor('the loop pidfile', () => loopPid(vm));
    const http = await waitFor('the listener pidfile', () => pidfilePid(vm, 'sys/run/web/http.pid'));
    const careless = await waitFor('the daemon pre-start left', async () =>
      (await scanProcesses()).find((p) => p.pidNs === ns.pidNs && p.cmdline === 'sleep 1000007'),
    );
    expect(careless.environ.some((e) => e.startsWith('BOSH_LOCAL_CPI_VM_CID='))).toBe(false);
    expect(careless.cwd).toBe('/var/vcap/data/web');
    const running = (await vm.processes(ns)).map((p) => p.pid);
    expect(running).toEqual(expect.arrayContaining([agent, loop, http, careless.pid]));

    await cloud.deleteVm(vm);
    expect(await vm.processes(ns)).toEqual([]);
    expect(await cloud.ok('has_vm', [vm.cid])).toBe(false);
    expect(await readText(vm.path('.cpi/vm.json'))).toBeUndefined();
  });
});
