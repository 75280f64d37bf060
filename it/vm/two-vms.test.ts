import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { httpGet, instanceId, LocalCloud, pidfilePid, startInstance, waitFor } from './support.js';

// Two VMs of the local CPI run the same job with the same /var/vcap paths and the same port, each on its own IP
// and in its own namespaces, without seeing each other.
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await LocalCloud.create();
});
afterEach(() => cloud.deleteAllVms(), 60_000);
afterAll(() => cloud.destroy(), 60_000);

const PORT = 8080;

describe('two VMs', { timeout: 180_000 }, () => {
  it('run the same job, each on its own IP', async () => {
    const vms = await Promise.all([cloud.createVm('agent-a'), cloud.createVm('agent-b')]);
    const [a, b] = vms;
    expect(a.ip).not.toBe(b.ip);
    await Promise.all(
      vms.map(async (vm) => {
        await vm.waitForAgent();
        await startInstance(vm, { httpPort: PORT });
      }),
    );
    for (const vm of vms) {
      const state = (await vm.call('get_state')).value as { agent_id: string; networks: unknown };
      expect(state).toMatchObject({ agent_id: vm.agentId, networks: { default: { ip: vm.ip } } });
      const body = await waitFor(`the listener at ${vm.ip}:${String(PORT)}`, () => httpGet(vm.ip, PORT));
      expect(body).toBe(`${instanceId(vm)} ${vm.ip}\n`);
    }
    // The same pidfile path in each VM names a different process, each in its own VM's PID namespace.
    const pids = await Promise.all(
      vms.map((vm) => waitFor('the loop pidfile', () => pidfilePid(vm, 'sys/run/web/loop.pid'))),
    );
    expect(pids[0]).not.toBe(pids[1]);
    const [nsA, nsB] = await Promise.all([a.namespaces(), b.namespaces()]);
    expect(nsA.pidNs).not.toBe(nsB.pidNs);
    expect((await a.processes(nsA)).map((p) => p.pid)).toContain(pids[0]);
    expect((await b.processes(nsB)).map((p) => p.pid)).toContain(pids[1]);
    expect((await a.processes(nsA)).map((p) => p.pid)).not.toContain(pids[1]);

    // Deleting one leaves the other running.
    await cloud.deleteVm(a);
    expect(await a.processes(nsA)).toEqual([]);
    expect(await b.jobState()).toBe('running');
    expect(await httpGet(b.ip, PORT)).toBe(`${instanceId(b)} ${b.ip}\n`);
  });
});
