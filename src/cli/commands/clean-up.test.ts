import { describe, expect, it } from 'vitest';
import { DirectorCliHarness, useDirectorCli, usingEnvironment } from '../../testing/director-cli-harness.js';
import type { FakeDirector } from '../../testing/fake-director.js';

let d: FakeDirector;
let h: DirectorCliHarness;

useDirectorCli((director, harness) => {
  d = director;
  h = harness;
});

const tty = (args: string[], answers?: string[]) =>
  h.onTest(args, { tty: true, ...(answers ? { answers } : {}) });
const USING = (): string => usingEnvironment(d.url);
const posted = (): string[] =>
  d.seen.filter((s) => s.method === 'POST' && s.path === '/cleanup').map((s) => s.body.toString());

const DRY_RUN = {
  releases: [
    { name: 'zoo', versions: ['1'] },
    { name: 'app', versions: ['1', '2'] },
  ],
  stemcells: [{ name: 'ubuntu', version: '621.21', operating_system: 'ubuntu-jammy', deployments: [] }],
  compiled_packages: [{ package_name: 'ruby', stemcell_os: 'ubuntu-jammy', stemcell_version: '621.5' }],
  orphaned_disks: [
    { deployment_name: 'zk', size: 10240, disk_cid: 'disk-cid', az: 'z1', instance_name: 'zk/abc' },
  ],
  orphaned_vms: [
    {
      az: 'z1',
      cid: 'vm-2',
      deployment_name: 'd-2',
      instance_name: 'web/2',
      ip_addresses: [],
      orphaned_at: '2021-06-04 08:08:08 UTC',
    },
    {
      az: 'z1',
      cid: 'vm-1',
      deployment_name: 'd-1',
      instance_name: 'web/1',
      ip_addresses: ['10.0.0.5'],
      orphaned_at: '2020-04-03 08:08:08 UTC',
    },
  ],
  exported_releases: ['release-blob'],
  dns_blobs: ['dns-2', 'dns-1'],
};

describe('clean-up', () => {
  it('asks, then posts the options and follows the task', async () => {
    d.startsTask('POST', '/cleanup', 70, { states: ['done'] });
    const r = await tty(['clean-up'], ['y']);
    expect(r.stdout).toBe(USING() + 'Continue? [yN]: y\n\nTask 70. Done\n\nSucceeded\n');
    expect(posted()).toEqual(['{"config":{"keep_orphaned_disks":false,"remove_all":false}}']);
    const post = d.seen.find((s) => s.method === 'POST' && s.path === '/cleanup');
    expect(post?.headers['content-type']).toBe('application/json');
  });

  it('-n skips the question; --all and --keep-orphaned-disks go in the config', async () => {
    d.startsTask('POST', '/cleanup', 71, { states: ['done'] });
    const r = await tty(['-n', 'clean-up', '--all', '--keep-orphaned-disks']);
    expect(r.stdout).toBe(USING() + 'Task 71. Done\n\nSucceeded\n');
    expect(posted()).toEqual(['{"config":{"keep_orphaned_disks":true,"remove_all":true}}']);
  });

  it('does nothing when the answer is no', async () => {
    const r = await tty(['clean-up', '--all'], ['n']);
    expect(r.stdout).toBe(USING() + 'Continue? [yN]: n\n\n\n');
    expect(r.stderr).toBe('Stopped\nExit code 1\n');
    expect(posted()).toEqual([]);
  });

  it('fails as bosh-cli words it when the task fails', async () => {
    d.startsTask('POST', '/cleanup', 72, { states: ['error'] });
    const r = await tty(['-n', 'clean-up']);
    expect(r.stderr).toBe(
      "Cleaning up resources:\n  Expected task '72' to succeed but state is 'error'\nExit code 1\n",
    );
    expect(r.exit).toBe(1);
  });

  it('--dry-run asks nothing and prints one table per kind, each sorted by its first column', async () => {
    d.json('GET', '/cleanup/dryrun?keep_orphaned_disks=false&remove_all=true', DRY_RUN);
    const r = await tty(['clean-up', '--all', '--dry-run']);
    expect(r.stdout).toBe(
      USING() +
        'Unused Releases\n\n' +
        'Name  Version  \n' +
        'app   1  \n' +
        '~     2  \n' +
        'zoo   1  \n\n' +
        'Unused Stemcells\n\n' +
        'Name    Version  \n' +
        'ubuntu  621.21  \n\n' +
        'Unused Compiled Packages\n\n' +
        'Name  Stemcell OS   Stemcell Version  \n' +
        'ruby  ubuntu-jammy  621.5  \n\n' +
        'Exported Releases\n\n' +
        'Blob ID  \n' +
        'release-blob  \n\n' +
        'Stale DNS Record Blobs\n\n' +
        'Blob ID  \n' +
        'dns-1  \n' +
        'dns-2  \n\n' +
        'Orphaned Disks\n\n' +
        'Disk CID  Deployment  Instance  Size (mb)  \n' +
        'disk-cid  zk          zk/abc    10240  \n\n' +
        'Orphaned VMs\n\n' +
        'VM CID  Deployment  Instance  \n' +
        'vm-1    d-1         web/1  \n' +
        'vm-2    d-2         web/2  \n\n' +
        'Succeeded\n',
    );
    expect(d.requests()).toEqual([
      'GET /info',
      'GET /cleanup/dryrun?keep_orphaned_disks=false&remove_all=true',
    ]);
  });

  it('--dry-run with nothing to clean up prints the empty tables', async () => {
    d.json('GET', '/cleanup/dryrun?keep_orphaned_disks=true&remove_all=false', {});
    const r = await tty(['clean-up', '--dry-run', '--keep-orphaned-disks']);
    expect(r.stdout).toBe(
      USING() +
        'Unused Releases\n\nName  Version  \n\n' +
        'Unused Stemcells\n\nName  Version  \n\n' +
        'Unused Compiled Packages\n\nName  Stemcell OS  Stemcell Version  \n\n' +
        'Exported Releases\n\nBlob ID  \n\n' +
        'Stale DNS Record Blobs\n\nBlob ID  \n\n' +
        'Orphaned Disks\n\nDisk CID  Deployment  Instance  Size (mb)  \n\n' +
        'Orphaned VMs\n\nVM CID  Deployment  Instance  \n\n' +
        'Succeeded\n',
    );
  });

  it('--dry-run fails on a stemcell version or orphaning time bosh-cli cannot read', async () => {
    d.json('GET', '/cleanup/dryrun?keep_orphaned_disks=false&remove_all=false', {
      stemcells: [{ name: 'ubuntu', version: '1..2' }],
    });
    expect((await tty(['clean-up', '--dry-run'])).stderr).toBe(
      "Cleaning up resources:\n  Parsing version for stemcell 'ubuntu/1..2':\n" +
        "    Expected component '' from version segment '1..2' to be either an integer or a formatted string\n" +
        'Exit code 1\n',
    );
    d.json('GET', '/cleanup/dryrun?keep_orphaned_disks=false&remove_all=false', {
      orphaned_vms: [{ cid: 'vm-1', orphaned_at: 'yesterday' }],
    });
    expect((await tty(['clean-up', '--dry-run'])).stderr).toBe(
      "Cleaning up resources:\n  Converting orphaned at 'yesterday' to time:\n" +
        '    parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse\n' +
        'Exit code 1\n',
    );
  });

  it('-h shows its options; help lists it with its docs link', async () => {
    const r = await tty(['clean-up', '-h']);
    expect(
      r.stdout.startsWith(
        'Usage:\n  bosh [OPTIONS] clean-up [clean-up-OPTIONS]\n\n' +
          'Clean up old unused resources except orphaned disks\n\nhttps://bosh.io/docs/cli-v2#clean-up\n\n',
      ),
    ).toBe(true);
    expect((await tty(['help'])).stdout).toContain(
      '  clean-up                    Clean up old unused resources except orphaned disks ' +
        'https://bosh.io/docs/cli-v2#clean-up\n',
    );
    expect(r.stdout).toContain(
      '\n\n[clean-up command options]\n' +
        '          --all                  Clean up all unused resources including all orphaned disks\n' +
        '          --dry-run              Print out the resources that will be deleted but does not delete anything\n' +
        "          --keep-orphaned-disks  Keep orphaned disks even with '--all'\n",
    );
  });
});
