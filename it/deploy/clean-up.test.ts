import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildReleaseTarball } from '../../src/testing/director-release-fixtures.js';
import { waitFor } from '../../src/testing/supervisor-harness.js';
import { tableRows } from '../../test/support/bosh-table.js';
import { vmProcesses } from '../../test/support/vm-processes.js';
import { buildLocalStemcell } from '../director/harness.js';
import { taskId, vmRows } from './query-support.js';
import { cpiDir, perTestDeployEnv, type DeployEnv } from './support.js';
import { writeWebManifest } from './web-release.js';

// `bosh clean-up` against a real director: orphaned VMs (create-swap-delete's) go, with their processes and dirs;
// unused releases and stemcells go but the newest 2 of each; orphaned disks only with --all. And the director's
// scheduled orphaned-VM cleanup deletes an orphaned VM by itself.
const deployEnv = perTestDeployEnv();

/** A release `extra/<version>` whose one package is its own. */
const extraRelease = (dir: string, version: string) =>
  buildReleaseTarball(dir, {
    name: 'extra',
    version,
    packages: [
      { name: 'pkg', version: `pkg-${version}`, fingerprint: `fp-${version}`, files: { packaging: version } },
    ],
    jobs: [{ name: 'job', packages: ['pkg'] }],
  });

/** `demo` with one create-swap-delete instance (with a disk or not); fails the test unless it succeeds. */
async function deploy(e: DeployEnv, o: { disk: boolean }, flags: string[] = []): Promise<void> {
  const manifest = await writeWebManifest(e.dir, 'demo', {
    instances: 1,
    watch: '1000-30000',
    update: { vm_strategy: 'create-swap-delete' },
    group: o.disk ? { persistent_disk: 1024 } : {},
  });
  const run = await e.bosh(['-n', '-d', 'demo', 'deploy', manifest, ...flags]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
}

/** The task lines of a task's output without their times: `Deleting releases: extra/1`. */
const taskLines = (out: string): string[] =>
  [...out.matchAll(/^Task \d+ \| \d\d:\d\d:\d\d \| (.+?)(?: \(\d\d:\d\d:\d\d\))?$/gm)].map((m) => m[1] ?? '');

/** `text` padded to the width of the widest of it and `other`, as a table column. */
const pad = (text: string, other: string): string => text.padEnd(Math.max(text.length, other.length));

const column = async (e: DeployEnv, args: string[], key: string): Promise<string[]> =>
  tableRows(await e.bosh([...args, '--json'])).map((r) => r[key] ?? '');

describe('bosh clean-up', { timeout: 300_000 }, () => {
  it('deletes orphaned VMs and unused releases and stemcells but the newest 2; orphaned disks only with --all', async () => {
    const e = await deployEnv('it-clean-up-');
    await deploy(e, { disk: true });
    const [old] = await vmRows(e, 'demo');
    const oldCid = old?.cid ?? '';
    await deploy(e, { disk: true }, ['--recreate']);
    expect(await column(e, ['orphaned-vms'], 'vm_cid')).toEqual([oldCid]);
    expect(await vmProcesses({ cids: [oldCid] })).not.toEqual([]);
    await deploy(e, { disk: false });
    const [disk] = await column(e, ['disks', '--orphaned'], 'disk_cid');
    expect(disk).toBeDefined();
    for (const v of ['2.0', '3.0', '4.0', '5.0'])
      expect((await e.bosh(['upload-stemcell', buildLocalStemcell(e.dir, v)])).code).toBe(0);
    for (const v of ['1', '2', '3', '4'])
      expect((await e.bosh(['upload-release', await extraRelease(e.dir, v)])).code).toBe(0);
    const [stemcell = ''] = await column(e, ['stemcells'], 'name');

    const dry = await e.bosh(['clean-up', '--dry-run']);
    expect(dry.stderr).toBe('');
    expect(dry.stdout).toBe(
      `Using environment '${e.director.url}' as client 'admin'\n\n` +
        'Unused Releases\n\nName   Version  \nextra  1  \n~      2  \n\n' +
        `Unused Stemcells\n\n${pad('Name', stemcell)}  Version  \n` +
        `${stemcell}  2.0  \n${pad('~', stemcell)}  3.0  \n\n` +
        'Unused Compiled Packages\n\nName  Stemcell OS  Stemcell Version  \n\n' +
        'Exported Releases\n\nBlob ID  \n\n' +
        'Stale DNS Record Blobs\n\nBlob ID  \n\n' +
        'Orphaned Disks\n\nDisk CID  Deployment  Instance  Size (mb)  \n\n' +
        `Orphaned VMs\n\n${pad('VM CID', oldCid)}  Deployment  Instance  \n` +
        `${pad(oldCid, 'VM CID')}  demo        ${old?.instance ?? ''}  \n\n` +
        'Succeeded\n',
    );

    const run = await e.bosh(['-n', 'clean-up']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(taskLines(run.stdout)).toEqual([
      `Deleting orphaned vms: ${oldCid}`,
      // A version's own stages come between its start and its end; the job stays with extra/3 and extra/4.
      'Deleting releases: extra/1',
      'Deleting packages: pkg/fp-1',
      'Deleting releases: extra/1',
      'Deleting releases: extra/2',
      'Deleting packages: pkg/fp-2',
      'Deleting releases: extra/2',
      `Deleting stemcells: ${stemcell}/2.0`,
      `Deleting stemcells: ${stemcell}/3.0`,
      'Deleting dns blobs: DNS blobs',
    ]);
    const task = (await e.director.json('GET', `/tasks/${taskId(run.stdout) ?? ''}`)) as Record<
      string,
      unknown
    >;
    expect(task).toMatchObject({ description: 'clean up', state: 'done' });
    expect(task.result).toBe(
      'Deleted 2 release(s), 2 stemcell(s), 0 extra compiled package(s), 0 orphaned disk(s), 1 orphaned vm(s), 0 exported release(s),...',
    );
    // The orphaned VM is gone from the director, the cloud and the host.
    expect(await column(e, ['orphaned-vms'], 'vm_cid')).toEqual([]);
    expect(existsSync(cpiDir(e, 'vms', oldCid))).toBe(false);
    expect(await vmProcesses({ cids: [oldCid] })).toEqual([]);
    expect(await column(e, ['releases'], 'version')).toEqual(['4', '3', '1*']);
    expect(await column(e, ['stemcells'], 'version')).toEqual(['5.0', '4.0', '1.0*']);
    expect(await column(e, ['disks', '--orphaned'], 'disk_cid')).toEqual([disk]);
    expect(existsSync(cpiDir(e, 'disks', disk ?? ''))).toBe(true);

    const all = await e.bosh(['-n', 'clean-up', '--all']);
    expect(all.code).toBe(0);
    expect(taskLines(all.stdout)).toEqual([
      'Deleting releases: extra/3',
      'Deleting packages: pkg/fp-3',
      'Deleting releases: extra/3',
      'Deleting releases: extra/4',
      'Deleting packages: pkg/fp-4',
      'Deleting jobs: job/job-fp1',
      'Deleting releases: extra/4',
      `Deleting stemcells: ${stemcell}/4.0`,
      `Deleting stemcells: ${stemcell}/5.0`,
      `Deleting orphaned disks: ${disk ?? ''}`,
      'Deleting dns blobs: DNS blobs',
    ]);
    expect(await column(e, ['releases'], 'version')).toEqual(['1*']);
    expect(await column(e, ['stemcells'], 'version')).toEqual(['1.0*']);
    expect(await column(e, ['disks', '--orphaned'], 'disk_cid')).toEqual([]);
    expect(existsSync(cpiDir(e, 'disks', disk ?? ''))).toBe(false);
    // The deployment is untouched.
    expect(await vmRows(e, 'demo')).toHaveLength(1);
  });

  it("the director's scheduled cleanup deletes orphaned VMs by itself", async () => {
    const e = await deployEnv('it-scheduled-cleanup-', { orphanedVmCleanupInterval: 1 });
    await deploy(e, { disk: false });
    const [old] = await vmRows(e, 'demo');
    const oldCid = old?.cid ?? '';
    await deploy(e, { disk: false }, ['--recreate']);
    await waitFor(
      'the scheduled cleanup to delete the orphaned VM',
      async () => (await column(e, ['orphaned-vms'], 'vm_cid')).length === 0,
      30_000,
    );
    expect(await column(e, ['orphaned-vms'], 'vm_cid')).toEqual([]);
    expect(existsSync(cpiDir(e, 'vms', oldCid))).toBe(false);
    expect(await vmProcesses({ cids: [oldCid] })).toEqual([]);
    const tasks = tableRows(await e.bosh(['tasks', '--recent', '--all', '--json']));
    expect(tasks.filter((t) => t.user === 'scheduler')).toEqual([
      expect.objectContaining({
        state: 'done',
        user: 'scheduler',
        description: 'scheduled ScheduledOrphanedVMCleanup',
        result: '',
      }),
    ]);
    const events = tableRows(await e.bosh(['events', '--object-type', 'vm', '--json']));
    expect(events.filter((ev) => ev.user === 'scheduler' && ev.object_name === oldCid)).toHaveLength(2);
  });
});
