import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalCloud, waitFor, type Vm } from './support.js';

// A VM whose init died (a crash: its whole PID namespace is gone) is deleted later, as the director does with an
// unresponsive VM. Its recorded PID namespace number may meanwhile belong to another VM's namespace: the kernel
// reuses the inode numbers of namespaces that are gone.
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await LocalCloud.create();
});
afterEach(() => cloud.deleteAllVms(), 60_000);
afterAll(() => cloud.destroy(), 60_000);

describe('delete_vm of a crashed VM', { timeout: 180_000 }, () => {
  it('leaves alone the VM that now has its recycled PID namespace number', async (ctx) => {
    const crashed = await cloud.createVm('agent-crashed');
    await crashed.waitForAgent();
    const { launcher_pid, pid_ns } = await crashed.processState();
    process.kill(-launcher_pid, 'SIGKILL');
    await waitFor(
      'the crashed VM to have no process left',
      async () => (await crashed.processes()).length === 0,
    );

    // New VMs until one gets the crashed VM's namespace number (the lowest free one, once it is released).
    let heir: Vm | undefined;
    for (let attempt = 0; attempt < 30 && heir === undefined; attempt++) {
      const vm = await cloud.createVm(`agent-heir-${String(attempt)}`);
      if ((await vm.processState()).pid_ns === pid_ns) heir = vm;
      else await cloud.deleteVm(vm);
    }
    if (heir === undefined) {
      ctx.skip(`no new VM got the PID namespace number ${String(pid_ns)} back`);
      return;
    }
    await heir.waitForAgent();
    const before = (await heir.processes()).map((p) => p.pid);

    await cloud.deleteVm(crashed);
    expect(await heir.call('ping')).toEqual({ value: 'pong' });
    expect((await heir.processes()).map((p) => p.pid)).toEqual(expect.arrayContaining(before));
  });
});
