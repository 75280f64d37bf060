import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, destroyHarness, h, makeHarness, readJsonFile, useCpiHarness } from './support.js';

// VM and attachment methods of the CPI contract; processes and isolation are in processes.test.ts.
useCpiHarness({
  config: {
    agent: {
      mbus: 'https://mbus:secret@{ip}:6868',
      ntp: ['0.pool.ntp.org'],
      blobstore: { provider: 'local', options: { blobstore_path: '/blobs' } },
    },
  },
});

const error = (type: string, message: string) => ({
  result: null,
  error: { type, message, ok_to_retry: false },
});
const manual = (ip: string) => ({
  type: 'manual',
  ip,
  netmask: '255.255.0.0',
  gateway: '127.1.0.1',
  dns: ['127.0.0.53'],
  default: ['dns', 'gateway'],
  cloud_properties: {},
});
const env = { bosh: { group: 'g', mbus: { cert: { ca: 'CA' } } } };

describe('create_vm', () => {
  it('v2 returns [cid, networks] and writes the agent settings with the chosen IPs', async () => {
    const stemcell = await h.stemcell();
    const networks = {
      default: manual('127.1.0.5'),
      other: { type: 'dynamic', default: [], cloud_properties: {} },
    };
    const result = await h.ok('create_vm', ['agent-1', stemcell, { cpu: 1 }, networks, [], env]);
    expect(result).toEqual([
      expect.stringMatching(/^vm-[0-9a-f-]{36}$/),
      {
        default: manual('127.1.0.5'),
        other: { ...networks.other, ip: '127.254.0.2', netmask: '255.255.0.0', gateway: '127.254.0.1' },
      },
    ]);
    const [cid] = result as [string];
    expect(await readJsonFile(join(h.vmDir(cid), 'bosh', 'settings.json'))).toEqual({
      agent_id: 'agent-1',
      vm: { name: cid, id: cid },
      mbus: 'https://mbus:secret@127.1.0.5:6868',
      ntp: ['0.pool.ntp.org'],
      blobstore: { provider: 'local', options: { blobstore_path: '/blobs' } },
      networks: {
        default: { ...manual('127.1.0.5'), preconfigured: true },
        other: {
          ...networks.other,
          ip: '127.254.0.2',
          netmask: '255.255.0.0',
          gateway: '127.254.0.1',
          preconfigured: true,
        },
      },
      disks: { system: '', ephemeral: '', persistent: {} },
      env,
    });
    expect((await readdir(h.vmDir(cid))).sort()).toEqual(
      ['.cpi', 'bosh', 'data', 'instance', 'jobs', 'monit', 'packages', 'store', 'sys'].sort(),
    );
    expect(await h.ok('has_vm', [cid])).toBe(true);
    expect(await h.ok('get_disks', [cid])).toEqual([]);
    expect(await h.ok('set_vm_metadata', [cid, { deployment: 'd', name: 'web/0' }])).toBeNull();
    expect(await readJsonFile(join(h.vmDir(cid), '.cpi', 'metadata.json'))).toEqual({
      deployment: 'd',
      name: 'web/0',
    });
  });

  it('v1 returns only the cid; dynamic IPs are not handed out twice', async () => {
    const stemcell = await h.stemcell();
    const dynamic = { default: { type: 'dynamic', cloud_properties: {} } };
    const first = await h.ok('create_vm', ['agent-1', stemcell, {}, dynamic, [], {}], null);
    const second = await h.ok('create_vm', ['agent-2', stemcell, {}, dynamic, [], {}], null);
    expect(first).toMatch(/^vm-/);
    const ips = await Promise.all(
      [first, second].map(async (cid) => {
        const settings = (await readJsonFile(join(h.vmDir(String(cid)), 'bosh', 'settings.json'))) as {
          networks: { default: { ip: string } };
        };
        return settings.networks.default.ip;
      }),
    );
    expect(ips).toEqual(['127.254.0.2', '127.254.0.3']);
  });

  it("a dynamic network's cloud_properties.range is where its IPs come from; a bad one fails creation", async () => {
    const stemcell = await h.stemcell();
    const own = { default: { type: 'dynamic', cloud_properties: { range: '127.9.8.0/24' } } };
    const [, networks] = (await h.ok('create_vm', ['agent-r', stemcell, {}, own, [], {}])) as [
      string,
      { default: { ip: string; netmask: string; gateway: string } },
    ];
    expect(networks.default).toMatchObject({
      ip: '127.9.8.2',
      netmask: '255.255.255.0',
      gateway: '127.9.8.1',
    });
    const bad = { default: { type: 'dynamic', cloud_properties: { range: 'nope' } } };
    expect(await h.call('create_vm', ['agent-s', stemcell, {}, bad, [], {}])).toMatchObject(
      error(
        'Bosh::Clouds::VMCreationFailed',
        `Network 'default' has cloud property 'range' "nope", which is not an IPv4 CIDR`,
      ),
    );
  });

  it('concurrent create_vm calls get distinct dynamic IPs', async () => {
    const stemcell = await h.stemcell();
    const dynamic = { default: { type: 'dynamic', cloud_properties: {} } };
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((agent) => h.ok('create_vm', [agent, stemcell, {}, dynamic, [], {}])),
    );
    const ips = results.map((r) => (r as [string, { default: { ip: string } }])[1].default.ip);
    expect(new Set(ips).size).toBe(4);
  });

  it('a static IP in use fails with VMCreationFailed until its VM is deleted, and leaves no VM behind', async () => {
    const stemcell = await h.stemcell();
    const cid = String(
      ((await h.ok('create_vm', ['a', stemcell, {}, { n: manual('127.1.0.7') }, [], {}])) as string[])[0],
    );
    expect(await h.call('create_vm', ['b', stemcell, {}, { n: manual('127.1.0.7') }, [], {}])).toMatchObject(
      error(
        'Bosh::Clouds::VMCreationFailed',
        `IP '127.1.0.7' of network 'n' is already in use by VM '${cid}'`,
      ),
    );
    expect(await readdir(join(h.dataDir, 'vms'))).toEqual([cid]);
    await h.ok('delete_vm', [cid]);
    await h.ok('create_vm', ['b', stemcell, {}, { n: manual('127.1.0.7') }, [], {}]);
  });

  it('fails with CloudError for an unknown stemcell or agent executable, leaving nothing behind', async () => {
    expect(await h.call('create_vm', ['a', 'stemcell-nope', {}, {}, [], {}])).toMatchObject(
      error('Bosh::Clouds::CloudError', "Stemcell 'stemcell-nope' not found"),
    );
    const broken = await makeHarness(bin, { config: { agent_command: ['/no/such/agent'] } });
    try {
      const stemcell = await broken.stemcell();
      expect(
        await broken.call('create_vm', ['a', stemcell, {}, { n: manual('127.1.0.8') }, [], {}]),
      ).toMatchObject(
        error('Bosh::Clouds::CloudError', "Executable '/no/such/agent' not found or not executable"),
      );
      expect(await readdir(join(broken.dataDir, 'vms'))).toEqual([]);
      expect(await readdir(join(broken.dataDir, 'ips'))).toEqual([]);
    } finally {
      await destroyHarness(broken);
    }
  });

  it('calculate_vm_cloud_properties takes the requirements as they are', async () => {
    expect(
      await h.ok('calculate_vm_cloud_properties', [{ cpu: 2, ram: 2048, ephemeral_disk_size: 4096 }]),
    ).toEqual({
      cpu: 2,
      ram: 2048,
      ephemeral_disk: { size: 4096 },
    });
  });
});

describe('missing VMs', () => {
  it('are VMNotFound for every method that needs one, and has_vm is false', async () => {
    const disk = String(await h.ok('create_disk', [10, {}, null]));
    const notFound = error('Bosh::Clouds::VMNotFound', "VM 'vm-gone' not found");
    for (const [method, args] of [
      ['delete_vm', ['vm-gone']],
      ['reboot_vm', ['vm-gone']],
      ['set_vm_metadata', ['vm-gone', {}]],
      ['get_disks', ['vm-gone']],
      ['attach_disk', ['vm-gone', disk]],
      ['detach_disk', ['vm-gone', disk]],
    ] as const) {
      expect(await h.call(method, args), method).toMatchObject(notFound);
    }
    expect(await h.ok('has_vm', ['vm-gone'])).toBe(false);
    expect(await h.call('delete_vm', ['../../../etc'])).toMatchObject(
      error('Bosh::Clouds::VMNotFound', "VM '../../../etc' not found"),
    );
  });
});

describe('attach_disk and detach_disk', () => {
  it('record the disk in the VM settings; v2 returns the hint, v1 nothing', async () => {
    const stemcell = await h.stemcell();
    const [vm] = (await h.ok('create_vm', ['a', stemcell, {}, { n: manual('127.1.0.9') }, [], {}])) as [
      string,
    ];
    const disk = String(await h.ok('create_disk', [100, {}, vm]));
    const hint = join(h.dataDir, 'disks', disk, 'data');
    expect(await h.ok('attach_disk', [vm, disk])).toBe(hint);
    const settings = join(h.vmDir(vm), 'bosh', 'settings.json');
    expect(await readJsonFile(settings)).toMatchObject({ disks: { persistent: { [disk]: hint } } });
    expect(await h.ok('get_disks', [vm])).toEqual([disk]);
    expect(await h.call('delete_disk', [disk])).toMatchObject(
      error('Bosh::Clouds::CloudError', `Disk '${disk}' is attached to VM '${vm}'`),
    );

    const [other] = (await h.ok('create_vm', ['b', stemcell, {}, { n: manual('127.1.0.10') }, [], {}])) as [
      string,
    ];
    expect(await h.call('attach_disk', [other, disk])).toMatchObject(
      error('Bosh::Clouds::CloudError', `Disk '${disk}' is already attached to VM '${vm}'`),
    );
    expect(await h.call('detach_disk', [other, disk])).toMatchObject(
      error('Bosh::Clouds::DiskNotAttached', `Disk '${disk}' not attached to VM '${other}'`),
    );
    expect(await h.call('attach_disk', [vm, 'disk-gone'])).toMatchObject(
      error('Bosh::Clouds::DiskNotFound', "Disk 'disk-gone' not found"),
    );
    expect(await h.call('detach_disk', [vm, 'disk-gone'])).toMatchObject(
      error('Bosh::Clouds::DiskNotFound', "Disk 'disk-gone' not found"),
    );

    expect(await h.ok('detach_disk', [vm, disk])).toBeNull();
    expect(await readJsonFile(settings)).toMatchObject({ disks: { persistent: {} } });
    expect(await h.ok('get_disks', [vm])).toEqual([]);
    expect(await h.ok('attach_disk', [other, disk], null)).toBeNull();
    expect(await h.ok('get_disks', [other])).toEqual([disk]);

    // Deleting the VM detaches its disks; the disk itself stays.
    await h.ok('delete_vm', [other]);
    expect(await h.ok('has_disk', [disk])).toBe(true);
    expect(await h.ok('delete_disk', [disk])).toBeNull();
  });
});
