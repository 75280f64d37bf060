import { spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { chmod, mkdir, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { netnsNames } from '../../src/cpi/local/netns.js';
import {
  bundleCpi,
  destroyHarness,
  makeHarness,
  readJsonFile,
  removeBundle,
  vmProcesses,
  type Harness,
  type HarnessOptions,
} from './support.js';

// `isolation: netns` with the tiny agent: each VM in a network namespace of its own on a bridge, reachable from
// the host at its IP; delete_vm and failed create_vm leave no namespace or veth behind.
const isRoot = process.getuid?.() === 0;
const IP = spawnSync('sh', ['-c', 'command -v ip']).stdout.toString().trim();

let bin: string;
const harnesses: Harness[] = [];
const bridges: string[] = [];
beforeAll(async () => {
  bin = await bundleCpi();
});
afterAll(async () => {
  for (const bridge of bridges) spawnSync(IP, ['link', 'del', bridge]);
  for (const name of [...bridges, 'lo']) await rm(`/run/bosh-local-cpi/bridge-${name}.lock`, { force: true });
  await removeBundle(bin);
});
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map(destroyHarness));
});

/** A bridge name and /24 of this test only (removed after the file). */
function network(): { bridge: string; prefix: string } {
  const bridge = `bt${randomBytes(4).toString('hex')}`;
  bridges.push(bridge);
  return { bridge, prefix: `10.${String(randomInt(200, 250))}.${String(randomInt(0, 256))}` };
}

async function harness(config: Record<string, unknown>, options: HarnessOptions = {}): Promise<Harness> {
  const h = await makeHarness(bin, { ...options, config: { isolation: 'netns', ...config } });
  harnesses.push(h);
  return h;
}

const dynamic = { default: { type: 'dynamic', default: ['dns', 'gateway'], cloud_properties: {} } };
const manual = (ip: string, gateway: string) => ({
  default: { type: 'manual', ip, netmask: '255.255.255.0', gateway, default: ['dns', 'gateway'] },
});

const ipOut = (args: readonly string[]) => spawnSync(IP, args, { encoding: 'utf8' });
const netnsList = () =>
  ipOut(['netns', 'list'])
    .stdout.split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter(Boolean);
/** The interfaces joined to `bridge`. */
const bridgePorts = (bridge: string) =>
  (JSON.parse(ipOut(['-j', 'link', 'show', 'master', bridge]).stdout || '[]') as { ifname: string }[]).map(
    (l) => l.ifname,
  );
const bridgeAddresses = (bridge: string) =>
  (
    JSON.parse(ipOut(['-j', 'addr', 'show', 'dev', bridge]).stdout || '[]') as {
      addr_info: { family: string; local: string; prefixlen: number }[];
    }[]
  ).flatMap((l) => l.addr_info.filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`));

/** Whether the host reaches `ip`: a TCP connect to a closed port is refused (not unreachable, not timed out). */
function reachable(ip: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: ip, port: 9, timeout: 2000 });
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      resolve(e.code === 'ECONNREFUSED');
    });
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function initPid(h: Harness, cid: string): Promise<number> {
  const state = (await readJsonFile(join(h.vmDir(cid), '.cpi', 'vm.json'))) as {
    process: { init_pid: number };
  };
  return state.process.init_pid;
}

describe.skipIf(!isRoot)('isolation netns', () => {
  it('puts each VM in its own network namespace on the bridge, reachable at its IP; delete_vm removes it', async () => {
    const { bridge, prefix } = network();
    const h = await harness({ bridge, dynamic_ip_range: `${prefix}.0/24` });
    const stemcell = await h.stemcell();
    const created = await Promise.all(
      ['agent-1', 'agent-2'].map((agent) => h.ok('create_vm', [agent, stemcell, {}, dynamic, [], {}])),
    );
    const vms = created.map((r) => {
      const [cid, networks] = r as [string, { default: { ip: string; gateway: string; netmask: string } }];
      return { cid, ...networks.default };
    });
    expect(vms.map((vm) => vm.ip).sort()).toEqual([`${prefix}.2`, `${prefix}.3`]);
    expect(vms[0]).toMatchObject({ gateway: `${prefix}.1`, netmask: '255.255.255.0' });
    expect(bridgeAddresses(bridge)).toEqual([`${prefix}.1/24`]);
    const names = vms.map((vm) => netnsNames(vm.cid));
    expect(bridgePorts(bridge).sort()).toEqual(names.map((n) => n.hostVeth).sort());
    expect(netnsList()).toEqual(expect.arrayContaining(names.map((n) => n.netns)));

    const hostNet = await readlink('/proc/self/ns/net');
    const nets = await Promise.all(
      vms.map(async (vm) => readlink(`/proc/${await initPid(h, vm.cid)}/ns/net`)),
    );
    expect(nets[0]).not.toBe(hostNet);
    expect(nets[0]).not.toBe(nets[1]);
    for (const [i, vm] of vms.entries()) {
      const inside = ipOut(['-n', names[i]?.netns ?? '', '-4', '-o', 'addr', 'show', 'dev', 'eth0']).stdout;
      expect(inside).toContain(`inet ${vm.ip}/24`);
      expect(ipOut(['-n', names[i]?.netns ?? '', 'route', 'show', 'default']).stdout.trim()).toBe(
        `default via ${prefix}.1 dev eth0`,
      );
      expect(await reachable(vm.ip)).toBe(true);
      expect(await readJsonFile(join(h.vmDir(vm.cid), '.cpi', 'vm.json'))).toMatchObject({
        launch_mode: 'netns',
      });
    }

    // reboot_vm keeps the VM's namespace and address.
    const [first, second] = vms;
    if (first === undefined || second === undefined) throw new Error('two VMs expected');
    await h.ok('reboot_vm', [first.cid]);
    expect(await readlink(`/proc/${await initPid(h, first.cid)}/ns/net`)).toBe(nets[0]);
    expect(await reachable(first.ip)).toBe(true);

    expect(await h.ok('delete_vm', [first.cid])).toBeNull();
    expect(netnsList()).not.toContain(names[0]?.netns);
    expect(bridgePorts(bridge)).toEqual([names[1]?.hostVeth]);
    expect(ipOut(['link', 'show', names[0]?.hostVeth ?? '']).status).not.toBe(0);
    expect(await vmProcesses(first.cid)).toEqual([]);
    expect(await reachable(first.ip)).toBe(false);
    expect(await reachable(second.ip)).toBe(true);
    await h.ok('delete_vm', [second.cid]);
    expect(netnsList()).not.toContain(names[1]?.netns);
    expect(bridgePorts(bridge)).toEqual([]);
    expect(await readdir(join(h.dataDir, 'ips'))).toEqual([]);
  });

  it('a static IP goes on the VM and its gateway on the bridge', async () => {
    const { bridge, prefix } = network();
    const h = await harness({ bridge });
    const [cid] = (await h.ok('create_vm', [
      'agent-1',
      await h.stemcell(),
      {},
      manual(`${prefix}.9`, `${prefix}.254`),
      [],
      {},
    ])) as [string];
    expect(bridgeAddresses(bridge)).toEqual([`${prefix}.254/24`]);
    expect(await reachable(`${prefix}.9`)).toBe(true);
    const settings = await readJsonFile(join(h.vmDir(cid), 'bosh', 'settings.json'));
    expect(settings).toMatchObject({ mbus: `https://mbus:secret@${prefix}.9:6868` });
    await h.ok('delete_vm', [cid]);
    expect(bridgePorts(bridge)).toEqual([]);
  });

  it('a failed create_vm removes the namespace and veth it made', async () => {
    const { bridge, prefix } = network();
    const h = await harness({
      bridge,
      dynamic_ip_range: `${prefix}.0/24`,
      agent_command: ['/no/such/agent'],
    });
    const response = await h.call('create_vm', ['agent-1', await h.stemcell(), {}, dynamic, [], {}]);
    expect(response.error).toEqual({
      type: 'Bosh::Clouds::CloudError',
      message: "Executable '/no/such/agent' not found or not executable",
      ok_to_retry: false,
    });
    const made = /has network namespace '(bosh-[0-9a-f]{10})'/.exec(response.log)?.[1];
    expect(made).toBeDefined();
    expect(netnsList()).not.toContain(made);
    expect(bridgePorts(bridge)).toEqual([]);
    expect(await readdir(join(h.dataDir, 'vms'))).toEqual([]);
    expect(await readdir(join(h.dataDir, 'ips'))).toEqual([]);
  });

  it('refuses a loopback IP with a VMCreationFailed that says why, leaving nothing behind', async () => {
    const { bridge } = network();
    const h = await harness({ bridge });
    const response = await h.call('create_vm', [
      'agent-1',
      await h.stemcell(),
      {},
      manual('127.1.0.5', '127.1.0.1'),
      [],
      {},
    ]);
    expect(response.error).toEqual({
      type: 'Bosh::Clouds::VMCreationFailed',
      message:
        `IP '127.1.0.5' of network 'default' is a loopback address: with "isolation": "netns" each VM has its own ` +
        'interface on a bridge, which cannot carry 127.x.y.z addresses; use a non-loopback range ' +
        '(e.g. 10.245.0.0/24 with gateway 10.245.0.1)',
      ok_to_retry: false,
    });
    expect(await readdir(join(h.dataDir, 'vms'))).toEqual([]);
    expect(await readdir(join(h.dataDir, 'ips'))).toEqual([]);
  });

  it('says when the bridge name is taken by an interface that is not a bridge', async () => {
    const h = await harness({ bridge: 'lo', dynamic_ip_range: '10.199.0.0/24' });
    const response = await h.call('create_vm', ['agent-1', await h.stemcell(), {}, dynamic, [], {}]);
    expect(response.error?.message).toBe(
      "Network interface 'lo' exists but is not a bridge; name another one in the CPI config's 'bridge'",
    );
    expect(await readdir(join(h.dataDir, 'vms'))).toEqual([]);
  });

  it('says when this host has no bridges', async () => {
    const { bridge, prefix } = network();
    // An `ip` that cannot make bridges, as on a kernel without the bridge module.
    const fakeBin = join(dirname(dirname(bin)), 'no-bridge-bin');
    await mkdir(fakeBin, { recursive: true });
    await writeFile(
      join(fakeBin, 'ip'),
      `#!/bin/sh\ncase "$*" in *"type bridge"*) echo "Error: Unknown device type." >&2; exit 2;; esac\nexec ${IP} "$@"\n`,
    );
    await chmod(join(fakeBin, 'ip'), 0o755);
    const h = await harness(
      { bridge, dynamic_ip_range: `${prefix}.0/24` },
      { cpiEnv: { PATH: `${fakeBin}:/usr/sbin:/usr/bin:/sbin:/bin` } },
    );
    const response = await h.call('create_vm', ['agent-1', await h.stemcell(), {}, dynamic, [], {}]);
    expect(response.error).toEqual({
      type: 'Bosh::Clouds::CloudError',
      message:
        `VM isolation 'netns' needs Linux bridges and veth pairs: creating bridge '${bridge}' failed: ` +
        `ip link add name ${bridge} type bridge: Error: Unknown device type.`,
      ok_to_retry: false,
    });
    expect(await readdir(join(h.dataDir, 'vms'))).toEqual([]);
  });

  it('needs root, and says so', async () => {
    const h = await harness({ dynamic_ip_range: '10.199.0.0/24' }, { as: { uid: 65534, gid: 65534 } });
    const response = await h.call('create_vm', ['agent-1', await h.stemcell(), {}, dynamic, [], {}]);
    expect(response.error).toEqual({
      type: 'Bosh::Clouds::CloudError',
      message:
        "VM isolation 'netns' needs root: it creates a network namespace, a veth pair and a bridge per VM; run " +
        'the CPI as root, or set "isolation": "mount-ns" in the CPI config to run VMs on loopback IPs without it',
      ok_to_retry: false,
    });
    expect(await readdir(join(h.dataDir, 'vms'))).toEqual([]);
  });
});
