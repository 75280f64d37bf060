import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loopbackRange, manualCloudConfig } from './cloud-config.js';
import { cpiCalls, withDirectorDb } from './query-support.js';
import { perTestDeployEnv } from './support.js';
import { writeWebManifest } from './web-release.js';

// Manual networks end to end: the director reserves every address (static ones from the group's static_ips,
// dynamic ones from the subnet's free range) before any VM is touched, create_vm gets ip/netmask/gateway, the job
// serves on its address, compilation VMs take free addresses of their own, another deployment cannot take a held
// address, and scaling down gives the address back.
const deployEnv = perTestDeployEnv();

// The instances' addresses in a table (not the director's, 127.0.0.1, in the "Using environment" line).
const ipsOf = (table: string): string[] =>
  [...table.matchAll(/\b(127\.\d+\.\d+\.\d+)\b/g)].map((m) => m[1] ?? '').filter((ip) => ip !== '127.0.0.1');

describe('deploy on a manual network', { timeout: 300_000 }, () => {
  it('puts static and dynamic addresses on the VMs, refuses a held static IP, releases an IP on scale-down', async () => {
    const net = loopbackRange();
    const e = await deployEnv('it-manual-net-', {
      cloudConfig: manualCloudConfig(net, {
        reserved: [`${net}.2-${net}.9`],
        static: [`${net}.10-${net}.20`],
        dns: [],
      }),
    });
    const port = 20000 + Math.floor(Math.random() * 20000);
    const web = (instances: number, statics: string[]) =>
      writeWebManifest(e.dir, 'demo', {
        instances,
        watch: '1000-30000',
        properties: { port, message: 'static' },
        update: { max_in_flight: 2 },
        group: { networks: [{ name: 'default', static_ips: statics }] },
      });
    const deploy = await e.bosh(['-n', '-d', 'demo', 'deploy', await web(2, [`${net}.10`, `${net}.11`])]);
    expect(deploy.stderr).toBe('');
    expect(deploy.code).toBe(0);

    const instances = await e.bosh(['-d', 'demo', 'instances']);
    expect(ipsOf(instances.stdout).sort()).toEqual([`${net}.10`, `${net}.11`]);
    for (const ip of [`${net}.10`, `${net}.11`]) {
      const body = await (await fetch(`http://${ip}:${String(port)}/`)).text();
      expect(body).toMatch(/^static from [0-9a-f-]+\n$/);
    }
    // The VMs' agent settings carry the manual network as BOSH builds it for create_vm.
    const settings = execFileSync('find', [e.dir, '-path', '*/vms/*/bosh/settings.json'], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => f !== '')
      .map((f) => JSON.parse(readFileSync(f, 'utf8')) as { networks: Record<string, unknown> });
    expect(settings.map((s) => s.networks.default)).toEqual(
      expect.arrayContaining(
        // (The local CPI adds `preconfigured`: it puts the address on the VM itself.)
        [`${net}.10`, `${net}.11`].map((ip): unknown =>
          expect.objectContaining({
            type: 'manual',
            ip,
            netmask: '255.255.255.0',
            gateway: `${net}.1`,
            default: ['dns', 'gateway'],
            cloud_properties: {},
            dns: [],
          }),
        ),
      ),
    );

    // Nothing changed: a second deploy touches no instance.
    const again = await e.bosh(['-n', '-d', 'demo', 'deploy', await web(2, [`${net}.10`, `${net}.11`])]);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('Updating instance');

    // Another deployment asking for a held static address fails before touching anything.
    const other = await writeWebManifest(e.dir, 'other', {
      instances: 1,
      watch: '1000-30000',
      properties: { port },
      group: { networks: [{ name: 'default', static_ips: [`${net}.11`] }] },
    });
    const refused = await e.bosh(['-n', '-d', 'other', 'deploy', other]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(
      new RegExp(
        `Failed to reserve IP '${net.replace(/\./g, '\\.')}\\.11/32' for instance 'web/[0-9a-f-]+ \\(0\\)': ` +
          `already reserved by instance 'web/[0-9a-f-]+' from deployment 'demo'`,
      ),
    );
    expect(refused.stdout).not.toContain('Creating missing vms');

    // A dynamic address on the same network: the first free one after the reserved and static ranges.
    const scaled = await e.bosh(['-n', '-d', 'demo', 'deploy', await web(1, [`${net}.10`])]);
    expect(scaled.code).toBe(0);
    expect(ipsOf((await e.bosh(['-d', 'demo', 'instances'])).stdout)).toEqual([`${net}.10`]);
    // .11 is free again: the other deployment now gets it.
    const taken = await e.bosh(['-n', '-d', 'other', 'deploy', other]);
    expect(taken.stderr).toBe('');
    expect(taken.code).toBe(0);
    expect(ipsOf((await e.bosh(['-d', 'other', 'instances'])).stdout)).toEqual([`${net}.11`]);
  });

  it('gives instances without static_ips the first free addresses outside the static and reserved ranges', async () => {
    const net = loopbackRange();
    const e = await deployEnv('it-manual-dyn-', {
      cloudConfig: manualCloudConfig(net, {
        reserved: [`${net}.2-${net}.9`],
        static: [`${net}.10-${net}.20`],
      }),
    });
    const manifest = await writeWebManifest(e.dir, 'dyn', {
      instances: 2,
      watch: '1000-30000',
      update: { max_in_flight: 2 },
      properties: { port: 20000 + Math.floor(Math.random() * 20000) },
    });
    const deploy = await e.bosh(['-n', '-d', 'dyn', 'deploy', manifest]);
    expect(deploy.stderr).toBe('');
    expect(deploy.code).toBe(0);
    // The instances were reserved when the plan was made, before compilation took an address.
    expect(ipsOf((await e.bosh(['-d', 'dyn', 'instances'])).stdout).sort()).toEqual([
      `${net}.21`,
      `${net}.22`,
    ]);
    // Compilation claimed its VM's address in the database for the task (.23), and gave it back with the VM.
    const compileClaims = await cpiCalls(e, deploy.stdout);
    expect(compileClaims.some((c) => c.startsWith('create_vm') && c.includes(`"ip":"${net}.23"`))).toBe(true);
    expect(
      withDirectorDb(e, (db) => db.prepare('select address_str from ip_addresses order by id').all()),
    ).toEqual([{ address_str: `${net}.21/32` }, { address_str: `${net}.22/32` }]);
  });
});
