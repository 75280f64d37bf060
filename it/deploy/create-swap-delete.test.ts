import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableRows } from '../../test/support/bosh-table.js';
import { loopbackRange, manualCloudConfig } from './cloud-config.js';
import { vmRows } from './query-support.js';
import { cpiDir, perTestDeployEnv, type DeployEnv } from './support.js';
import { writeWebManifest } from './web-release.js';

// Source 001: `vm_strategy: create-swap-delete` creates the replacement VMs first ("Creating missing vms", while the
// old ones still run), swaps them in during the update, and orphans the old ones (`bosh orphaned-vms`) instead of
// deleting them; the persistent disk moves to the new VM. A group with static IPs falls back to delete-create.
const deployEnv = perTestDeployEnv();

/** The disk CIDs `bosh instances --details` shows. */
async function diskCids(e: DeployEnv): Promise<string[]> {
  const run = await e.bosh(['-d', 'demo', 'instances', '--details', '--json']);
  return tableRows(run)
    .map((r) => r.disk_cids ?? '')
    .filter((c) => c !== '');
}

/** Stage names of a deploy's output in order, each once. */
const stages = (out: string): string[] => [
  ...new Set(
    [...out.matchAll(/^Task \d+ \| \d\d:\d\d:\d\d \| ([A-Z][a-z]+(?: [a-z]+)*)/gm)].map((m) => m[1] ?? ''),
  ),
];

const CSD = { vm_strategy: 'create-swap-delete', max_in_flight: 2 };

describe('vm_strategy create-swap-delete', { timeout: 300_000 }, () => {
  it('creates the new VMs first, moves the disk, orphans the old VMs', async () => {
    // The test reads the orphaned VMs: a test director has no scheduled cleanup to delete them first.
    const e = await deployEnv('it-csd-');
    const manifest = await writeWebManifest(e.dir, 'demo', {
      instances: 2,
      watch: '1000-30000',
      update: CSD,
      group: { persistent_disk: 1024 },
    });
    expect((await e.bosh(['-n', '-d', 'demo', 'deploy', manifest])).code).toBe(0);
    const before = await vmRows(e, 'demo');
    expect(before).toHaveLength(2);
    const diskDir = cpiDir(e, 'disks');
    const disks = await diskCids(e);
    expect(disks).toHaveLength(2);
    for (const cid of disks) await writeFile(join(diskDir, cid, 'data', 'precious.txt'), `keep ${cid}\n`);

    const out = await e.bosh(['-n', '-d', 'demo', 'deploy', manifest, '--recreate']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    // The replacements exist before any instance is updated.
    expect(stages(out.stdout)).toEqual([
      'Preparing deployment',
      'Preparing package compilation',
      'Creating missing vms',
      'Updating instance web',
    ]);
    const created = [...out.stdout.matchAll(/Creating missing vms: (web\/[0-9a-f-]+ \(\d\))/g)].map(
      (m) => m[1],
    );
    expect(new Set(created).size).toBe(2);

    const after = await vmRows(e, 'demo');
    expect(after).toHaveLength(2);
    for (const vm of after) expect(before.map((b) => b.cid)).not.toContain(vm.cid);
    const orphaned = await e.bosh(['orphaned-vms']);
    expect(orphaned.code).toBe(0);
    for (const vm of before) {
      expect(orphaned.stdout).toMatch(
        new RegExp(`${vm.cid}\\s+demo\\s+${vm.instance.replace(/ \(\d\)$/, '').replace('/', '\\/')}\\s+z1`),
      );
    }
    expect(orphaned.stdout).toContain('2 orphaned_vms');
    // The disk went with its instance to the new VM, its data intact.
    expect((await diskCids(e)).sort()).toEqual([...disks].sort());
    for (const cid of disks)
      expect(await readFile(join(diskDir, cid, 'data', 'precious.txt'), 'utf8')).toBe(`keep ${cid}\n`);
    const ps = tableRows(await e.bosh(['-d', 'demo', 'instances', '--ps', '--json']));
    expect(ps.filter((r) => r.process === 'web').map((r) => r.process_state)).toEqual(['running', 'running']);
  });

  it('falls back to delete-create for static IPs; a manual address of its own for the new VM otherwise', async () => {
    const net = loopbackRange();
    const e = await deployEnv('it-csd-static-', {
      cloudConfig: manualCloudConfig(net, { static: [`${net}.10`] }),
    });
    const port = 20000 + Math.floor(Math.random() * 20000);
    const deploy = async (group: Record<string, unknown>, flags: string[] = []) => {
      const manifest = await writeWebManifest(e.dir, 'demo', {
        instances: 1,
        watch: '1000-30000',
        properties: { port },
        update: CSD,
        group,
      });
      const run = await e.bosh(['-n', '-d', 'demo', 'deploy', manifest, ...flags]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      return run.stdout;
    };
    const statics = { networks: [{ name: 'default', static_ips: [`${net}.10`] }] };
    await deploy(statics);
    const [first] = await vmRows(e, 'demo');
    expect(first?.ip).toBe(`${net}.10`);
    const out = await deploy(statics, ['--recreate']);
    expect(out).not.toContain('Creating missing vms');
    const [second] = await vmRows(e, 'demo');
    expect(second?.ip).toBe(`${net}.10`);
    expect(second?.cid).not.toBe(first?.cid);
    expect((await e.bosh(['orphaned-vms'])).stdout).toContain('0 orphaned_vms');

    // Without static IPs the new VM gets a free address while the old one keeps its own until it is orphaned.
    await deploy({});
    const [dynamic] = await vmRows(e, 'demo');
    const swapped = await deploy({}, ['--recreate']);
    expect(swapped).toContain('Creating missing vms');
    const [third] = await vmRows(e, 'demo');
    expect(third?.ip).not.toBe(dynamic?.ip);
    expect(third?.cid).not.toBe(dynamic?.cid);
    const orphaned = (await e.bosh(['orphaned-vms'])).stdout;
    expect(orphaned).toMatch(
      new RegExp(`${dynamic?.cid ?? '-'}\\s+demo\\s+web/[0-9a-f-]+\\s+z1\\s+${dynamic?.ip ?? '-'}`),
    );
    const body = await (await fetch(`http://${third?.ip ?? ''}:${String(port)}/`)).text();
    expect(body).toMatch(/^hello from [0-9a-f-]+\n$/);
  });
});
