import { spawnSync } from 'node:child_process';
import { readlink } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { netnsNames } from '../../src/cpi/local/netns.js';
import { httpGet, instanceId, LocalCloud, startInstance, waitFor } from './support.js';

// `isolation: netns`: each VM of the local CPI has a network namespace of its own on a bridge, so the same job
// binds the same port on 0.0.0.0 in two VMs, and the host reaches each at its IP, as the director reaches agents.
const isRoot = process.getuid?.() === 0;

let cloud: LocalCloud;
beforeAll(async () => {
  if (isRoot) cloud = await LocalCloud.create({ isolation: 'netns' });
});
afterEach(async () => {
  if (isRoot) await cloud.deleteAllVms();
}, 60_000);
afterAll(async () => {
  if (isRoot) await cloud.destroy();
}, 60_000);

const PORT = 8080;

const ip = (args: readonly string[]) => spawnSync('ip', args, { encoding: 'utf8' });
const netnsList = () =>
  ip(['netns', 'list'])
    .stdout.split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter(Boolean);
const bridgePorts = (bridge: string) =>
  (JSON.parse(ip(['-j', 'link', 'show', 'master', bridge]).stdout || '[]') as { ifname: string }[]).map(
    (l) => l.ifname,
  );

describe.skipIf(!isRoot)('VMs with isolation netns', { timeout: 180_000 }, () => {
  it('run the same job on the same port, each reached at its own IP; delete_vm leaves nothing', async () => {
    const bridge = cloud.bridge ?? '';
    const vms = await Promise.all([cloud.createVm('agent-a'), cloud.createVm('agent-b')]);
    const [a, b] = vms;
    expect(a.ip).not.toBe(b.ip);
    expect(a.ip).toMatch(/^10\./);
    const names = vms.map((vm) => netnsNames(vm.cid));
    expect(netnsList()).toEqual(expect.arrayContaining(names.map((n) => n.netns)));
    expect(bridgePorts(bridge).sort()).toEqual(names.map((n) => n.hostVeth).sort());

    await Promise.all(
      vms.map(async (vm) => {
        await vm.waitForAgent();
        // Both bind 0.0.0.0:8080: only possible with a network of each VM's own.
        await startInstance(vm, { httpPort: PORT, listenHost: '0.0.0.0' });
      }),
    );
    for (const vm of vms) {
      const body = await waitFor(`the listener at ${vm.ip}:${String(PORT)}`, () => httpGet(vm.ip, PORT));
      expect(body).toBe(`${instanceId(vm)} 0.0.0.0\n`);
    }
    // The VM's processes are in its network namespace, not the host's.
    const [netA, netB] = await Promise.all(
      vms.map(async (vm) => readlink(`/proc/${String((await vm.processState()).init_pid)}/ns/net`)),
    );
    expect(netA).not.toBe(await readlink('/proc/self/ns/net'));
    expect(netA).not.toBe(netB);
    const nsA = await a.namespaces();
    expect((await a.processes(nsA)).length).toBeGreaterThan(2);

    await cloud.deleteVm(a);
    expect(netnsList()).not.toContain(names[0]?.netns);
    expect(ip(['link', 'show', names[0]?.hostVeth ?? '']).status).not.toBe(0);
    expect(bridgePorts(bridge)).toEqual([names[1]?.hostVeth]);
    expect(await a.processes(nsA)).toEqual([]);
    // The other VM is untouched.
    expect(await b.jobState()).toBe('running');
    expect(await httpGet(b.ip, PORT)).toBe(`${instanceId(b)} 0.0.0.0\n`);

    await cloud.deleteVm(b);
    expect(netnsList()).not.toContain(names[1]?.netns);
    expect(bridgePorts(bridge)).toEqual([]);
    expect(await b.processes()).toEqual([]);
  });
});
