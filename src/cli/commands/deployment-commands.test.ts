import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DirectorCliHarness,
  useDirectorCli,
  usingDeployment,
  usingEnvironment,
} from '../../testing/director-cli-harness.js';
import type { FakeDirector } from '../../testing/fake-director.js';

let d: FakeDirector;
let h: DirectorCliHarness;
let file: string;

useDirectorCli(async (director, harness) => {
  d = director;
  h = harness;
  file = join(h.home, 'dep.yml');
  await writeFile(file, 'name: ((name))\nreleases: []\ninstance_groups: []\n');
});

const bosh = (args: string[], answers?: string[]) => h.onTest(args, answers ? { answers } : {});
const tty = (args: string[], answers?: string[]) =>
  h.onTest(args, { tty: true, ...(answers ? { answers } : {}) });
const USING = (): string => usingEnvironment(d.url);
const USING_DEP = (): string => usingDeployment(d.url, 'dep');
const seen = (method: string, path: string) => d.seen.find((s) => s.method === method && s.path === path);
const paths = (): string[] =>
  d.requests().filter((r) => !r.startsWith('GET /info') && !r.includes('/tasks/'));

const DIFF = {
  context: { cloud_config_ids: [3], runtime_config_ids: [] },
  diff: [
    ['instance_groups:', null],
    ['- name: web', 'added'],
    ['  instances: 1', 'removed'],
  ],
};

describe('deploy', () => {
  beforeEach(() => {
    d.json('GET', '/configs?latest=true&limit=1&type=deploy', []);
    d.json('POST', '/deployments/dep/diff?redact=true', DIFF);
  });

  it('interpolates, shows the diff, asks, then posts the manifest with the flags and the diff context', async () => {
    d.startsTask('POST', /^\/deployments\?/, 10, { states: ['done'] });
    const args = ['-d', 'dep', 'deploy', file, '-v', 'name=dep', '--recreate', '--fix', '--canaries=2'];
    const r = await tty([...args, '--max-in-flight=50%', '--skip-drain', '--dry-run'], ['y']);
    expect(r.stdout).toBe(
      USING_DEP() +
        '  instance_groups:\n+ - name: web\n-   instances: 1\n\nContinue? [yN]: y\n\nTask 10. Done\n\nSucceeded\n',
    );
    expect(paths()).toEqual([
      'GET /configs?latest=true&limit=1&type=deploy',
      'POST /deployments/dep/diff?redact=true',
      'POST /deployments?canaries=2&context=%7B%22cloud_config_ids%22%3A%5B3%5D%2C%22runtime_config_ids%22%3A%5B%5D%7D&dry_run=true&fix=true&max_in_flight=50%25&recreate=true&skip_drain=%2A',
    ]);
    const post = d.seen.find((s) => s.method === 'POST' && s.path.startsWith('/deployments?'));
    expect(post?.body.toString()).toBe('instance_groups: []\nname: dep\nreleases: []\n');
    expect(post?.headers['content-type']).toBe('text/yaml');
    expect(seen('POST', '/deployments/dep/diff?redact=true')?.body.toString()).toBe(post?.body.toString());
  });

  it('--no-redact, --skip-drain=ig lists, -n skips the question; piped output hides the diff', async () => {
    d.json('POST', '/deployments/dep/diff?redact=false', { diff: [['a: 1', 'added']] });
    d.startsTask('POST', /^\/deployments\?/, 11, { states: ['done'] });
    const r = await bosh([
      '-n',
      '-d',
      'dep',
      'deploy',
      file,
      '-v',
      'name=dep',
      '--no-redact',
      '--skip-drain=web',
      '--skip-drain=db/0',
      '--recreate-persistent-disks',
    ]);
    expect(r).toEqual({ exit: 0, stdout: '', stderr: '' });
    expect(paths()[2]).toBe('POST /deployments?recreate_persistent_disks=true&skip_drain=web%2Cdb%2F0');
  });

  it('a declined question stops before the deploy; a failed task is wrapped in "Updating deployment"', async () => {
    const r = await tty(['-d', 'dep', 'deploy', file, '-v', 'name=dep'], ['n']);
    expect(r.exit).toBe(1);
    expect(r.stderr).toBe('Stopped\nExit code 1\n');
    expect(paths().some((p) => p.startsWith('POST /deployments?'))).toBe(false);
    d.startsTask('POST', /^\/deployments\?/, 12, { states: ['error'] });
    const failed = await bosh(['-n', '-d', 'dep', 'deploy', file, '-v', 'name=dep']);
    expect(failed.stderr).toBe(
      "Updating deployment:\n  Expected task '12' to succeed but state is 'error'\nExit code 1\n",
    );
  });

  it('checks the manifest name, the deployment flag and the manifest', async () => {
    expect((await bosh(['-d', 'dep', 'deploy', file, '-v', 'name=other'])).stderr).toBe(
      "Expected manifest to specify deployment name 'dep' but was 'other'\nExit code 1\n",
    );
    expect((await bosh(['deploy', file])).stderr).toBe('Expected non-empty deployment name\nExit code 1\n');
    expect((await bosh(['-d', 'dep', 'deploy', file, '--var-errs'])).stderr).toContain('unknown flag');
    const missing = await bosh(['-d', 'dep', 'deploy', file, '-o', join(h.home, 'nope.yml')]);
    expect(missing.exit).toBe(1);
  });

  it('applies the flags of a deploy config that includes the deployment', async () => {
    d.json('GET', '/configs?latest=true&limit=1&type=deploy', [
      {
        id: '1',
        type: 'deploy',
        name: 'd1',
        content: 'flags: [recreate, skip-upload-releases]\ninclude: [dep]\n',
      },
      { id: '2', type: 'deploy', name: 'd2', content: 'flags: [fix]\ninclude: [x]\nexclude: [y]\n' },
    ]);
    d.startsTask('POST', /^\/deployments\?/, 13, { states: ['done'] });
    const r = await bosh(['-n', '-d', 'dep', 'deploy', file, '-v', 'name=dep']);
    expect(r.stdout).toBe('');
    const t = await tty(['-n', '-d', 'dep', 'deploy', file, '-v', 'name=dep']);
    expect(t.stdout).toBe(
      USING_DEP() +
        "\nIgnoring deployment flags from config of type 'deploy' (name: 'd2'). Please use only 'include'- OR 'exclude'-property in the config.\n" +
        '\nRelease-Check skipped.\n\n  instance_groups:\n+ - name: web\n-   instances: 1\nTask 13. Done\n\nSucceeded\n',
    );
    expect(r.stderr).toBe("Using deployment flags from config of type 'deploy' (name: 'd1')\n");
    expect(paths()[2]).toMatch(/^POST \/deployments\?context=.*&recreate=true$/);
  });
});

describe('manifest, delete-deployment, variables, disks', () => {
  it('manifest prints the deployed manifest', async () => {
    d.json('GET', '/deployments/dep', { manifest: 'name: dep\n' });
    expect((await tty(['-d', 'dep', 'manifest'])).stdout).toBe(USING_DEP() + 'name: dep\n\nSucceeded\n');
    expect((await bosh(['-d', 'dep', 'manifest'])).stdout).toBe('name: dep\n');
    d.json('GET', '/deployments/gone', { code: 70000, description: 'Deployment gone' }, 404);
    expect((await bosh(['-d', 'gone', 'man'])).stderr).toBe(
      'Fetching manifest:\n  Finding deployment \'gone\':\n    Director responded with non-successful status code \'404\' response \'{"code":70000,"description":"Deployment gone"}\'\nExit code 1\n',
    );
  });

  it('delete-deployment asks, then deletes (with --force); a failure is fine once it is gone', async () => {
    d.startsTask('DELETE', '/deployments/dep?force=true', 20, { states: ['done'] });
    const r = await tty(['-d', 'dep', 'delete-deployment', '--force'], ['y']);
    expect(r.stdout).toBe(USING_DEP() + 'Continue? [yN]: y\n\nTask 20. Done\n\nSucceeded\n');
    d.startsTask('DELETE', '/deployments/dep?', 21, { states: ['error'] });
    d.json('GET', '/deployments', [{ name: 'dep' }]);
    expect((await bosh(['-n', '-d', 'dep', 'deld'])).stderr).toBe(
      "Deleting deployment 'dep':\n  Expected task '21' to succeed but state is 'error'\nExit code 1\n",
    );
    d.json('GET', '/deployments', []);
    expect((await bosh(['-n', '-d', 'dep', 'deld'])).exit).toBe(0);
  });

  it('variables: ID and name, by name', async () => {
    d.json('GET', '/deployments/dep/variables', [
      { id: '2', name: '/d/dep/z' },
      { id: '1', name: '/d/dep/a' },
    ]);
    expect((await tty(['-d', 'dep', 'vars'])).stdout).toBe(
      USING_DEP() + 'ID  Name  \n1   /d/dep/a  \n2   /d/dep/z  \n\n2 variables\n\nSucceeded\n',
    );
    expect((await bosh(['-d', 'dep', 'variables'])).stdout).toBe('1\t/d/dep/a\t\n2\t/d/dep/z\t\n');
  });

  it('disks --orphaned: newest first; without --orphaned an error', async () => {
    d.json('GET', '/disks', [
      {
        disk_cid: 'd-1',
        size: 1024,
        deployment_name: 'dep',
        instance_name: 'web/1',
        az: 'z1',
        orphaned_at: '2024-01-01 00:00:00 UTC',
      },
      {
        disk_cid: 'd-2',
        size: 10,
        deployment_name: 'dep',
        instance_name: 'db/2',
        az: '',
        orphaned_at: '2024-02-01 10:00:00 +0000',
      },
    ]);
    expect((await tty(['disks', '-o'])).stdout).toBe(
      USING() +
        'Disk CID  Size     Deployment  Instance  AZ  Orphaned At  \n' +
        'd-2       10 MiB   dep         db/2      -   Thu Feb  1 10:00:00 UTC 2024  \n' +
        'd-1       1.0 GiB  dep         web/1     z1  Mon Jan  1 00:00:00 UTC 2024  \n' +
        '\n2 disks\n\nSucceeded\n',
    );
    expect((await bosh(['disks'])).stderr).toBe('Only --orphaned is supported\nExit code 1\n');
  });
});

describe('start, stop, restart, recreate, ignore, unignore', () => {
  it('converge (default): PUT the job state with the options, after the question', async () => {
    const cases: [string[], string][] = [
      [['start'], '/deployments/dep/jobs/*?state=started'],
      [
        ['start', 'web', '--canaries=1', '--max-in-flight=2'],
        '/deployments/dep/jobs/web?canaries=1&max_in_flight=2&state=started',
      ],
      [['stop', 'web/0'], '/deployments/dep/jobs/web/0?state=stopped'],
      [
        ['stop', 'web/0', '--hard', '--skip-drain'],
        '/deployments/dep/jobs/web/0?skip_drain=true&state=detached',
      ],
      [['restart', 'web', '--skip-drain'], '/deployments/dep/jobs/web?skip_drain=true&state=restart'],
      [
        ['recreate', 'web/abc', '--fix', '--dry-run'],
        '/deployments/dep/jobs/web/abc?dry_run=true&fix=true&state=recreate',
      ],
    ];
    let id = 30;
    for (const [args, path] of cases) {
      d.seen.length = 0;
      d.startsTask('PUT', path, ++id, { states: ['done'] });
      const r = await tty(['-d', 'dep', ...args], ['y']);
      expect(r.stdout).toBe(USING_DEP() + `Continue? [yN]: y\n\nTask ${id.toString()}. Done\n\nSucceeded\n`);
      expect(paths()).toEqual([`PUT ${path}`]);
      expect(seen('PUT', path)?.headers['content-type']).toBe('text/yaml');
    }
  });

  it('--no-converge: POST the action for one instance; the converge options are refused', async () => {
    d.startsTask(
      'POST',
      '/deployments/dep/instance_groups/web/0/actions/stop?hard=true&skip_drain=true',
      40,
      { states: ['done'] },
    );
    expect(
      (await bosh(['-n', '-d', 'dep', 'stop', 'web/0', '--no-converge', '--hard', '--skip-drain'])).exit,
    ).toBe(0);
    d.startsTask(
      'POST',
      '/deployments/dep/instance_groups/web/0/actions/recreate?ignore_unresponsive_agent=true',
      41,
      { states: ['done'] },
    );
    expect((await bosh(['-n', '-d', 'dep', 'recreate', 'web/0', '--no-converge', '--fix'])).exit).toBe(0);
    d.startsTask('POST', '/deployments/dep/instance_groups/web/0/actions/start?', 42, { states: ['error'] });
    expect((await bosh(['-n', '-d', 'dep', 'start', 'web/0', '--no-converge'])).stderr).toBe(
      "Non-converging action failed:\n  Expected task '42' to succeed but state is 'error'\nExit code 1\n",
    );
    const errors: [string[], string][] = [
      [
        ['start', 'web', '--no-converge'],
        'You are trying to run start with --no-converge on an entire instance group. This operation is not allowed. Trying using the --converge flag or running it against a specific instance.',
      ],
      [['stop', 'web/0', '--no-converge', '--converge'], "Can't set converge and no-converge"],
      [['restart', 'web/0', '--no-converge', '--canaries=1'], "Can't set canaries and no-converge"],
      [
        ['recreate', 'web/0', '--no-converge', '--max-in-flight=1'],
        "Can't set max-in-flight and no-converge",
      ],
      [['recreate', 'web/0', '--no-converge', '--dry-run'], "Can't set dry-run and no-converge"],
    ];
    for (const [args, message] of errors) {
      expect((await bosh(['-n', '-d', 'dep', ...args])).stderr).toBe(`${message}\nExit code 1\n`);
    }
    expect((await bosh(['-n', '-d', 'dep', 'start', 'a/b/c'])).stderr).toBe(
      "Expected pool or instance 'a/b/c' to be in format 'name' or 'name/id-or-index'\nExit code 1\n",
    );
    const declined = await bosh(['-d', 'dep', 'restart'], ['n']);
    expect(declined.stderr).toBe('Stopped\nExit code 1\n');
  });

  it('ignore and unignore PUT {"ignore":bool}; the instance slug is checked', async () => {
    d.json('PUT', '/deployments/dep/instance_groups/web/abc/ignore', {});
    expect((await tty(['-d', 'dep', 'ignore', 'web/abc'])).stdout).toBe(USING_DEP() + 'Succeeded\n');
    expect(seen('PUT', '/deployments/dep/instance_groups/web/abc/ignore')?.body.toString()).toBe(
      '{"ignore":true}',
    );
    d.seen.length = 0;
    expect((await bosh(['-d', 'dep', 'unignore', 'web/abc'])).exit).toBe(0);
    expect(seen('PUT', '/deployments/dep/instance_groups/web/abc/ignore')?.body.toString()).toBe(
      '{"ignore":false}',
    );
    expect((await bosh(['-d', 'dep', 'ignore', 'web'])).stderr).toBe(
      "Expected instance 'web' to be in format 'name/index-or-id'\nExit code 1\n",
    );
    d.json('PUT', '/deployments/dep/instance_groups/web/0/ignore', { code: 1, description: 'no' }, 400);
    expect((await bosh(['-d', 'dep', 'ignore', 'web/0'])).stderr).toBe(
      "Changing ignore state for 'web/0' in deployment 'dep':\n  Director responded with non-successful status code '400' response '{\"code\":1,\"description\":\"no\"}'\nExit code 1\n",
    );
  });
});

const WEB = {
  vm_cid: 'vm-1',
  active: true,
  vm_created_at: '2024-01-02T03:04:05Z',
  disk_cid: 'disk-1',
  ips: ['10.0.0.2'],
  agent_id: 'agent-1',
  job_name: 'web',
  index: 0,
  job_state: 'running',
  state: 'started',
  vm_type: 'small',
  az: 'z1',
  id: 'abc',
  bootstrap: true,
  ignore: false,
  stemcell: { name: 'bosh-warden', version: '1.5', api_version: 3 },
  vitals: {
    cpu: { sys: '0.5', user: '1.2', wait: '0.0' },
    disk: { system: { percent: '40', inode_percent: '10' }, ephemeral: { percent: '1', inode_percent: '2' } },
    load: ['0.01', '0.05', '0.10'],
    mem: { kb: '512000', percent: '25' },
    swap: { kb: '0', percent: '0' },
    uptime: { secs: 90061 },
  },
  processes: [
    {
      name: 'nginx',
      state: 'running',
      uptime: { secs: 61 },
      mem: { kb: 2048, percent: 0.5 },
      cpu: { total: 1.25 },
    },
    {
      name: 'worker',
      state: 'failing',
      uptime: { secs: 5 },
      mem: { kb: 100, percent: 0 },
      cpu: { total: 0 },
    },
  ],
};
const DB = {
  vm_cid: '',
  job_name: 'db',
  index: 1,
  job_state: 'running',
  state: 'started',
  az: 'z2',
  id: 'def',
  ips: [],
  vm_created_at: '',
  processes: [],
};
const NDJSON = [WEB, DB].map((x) => JSON.stringify(x)).join('\n') + '\n';

describe('instances, vms', () => {
  beforeEach(() => {
    d.startsTask('GET', '/deployments/dep/instances?format=full', 50, {
      states: ['done'],
      outputs: { result: NDJSON },
    });
    d.startsTask('GET', '/deployments/dep/vms?format=full', 51, {
      states: ['done'],
      outputs: { result: NDJSON },
    });
  });

  const TASK = (id: number): string => `${USING()}Task ${id.toString()}. Done\n\nDeployment 'dep'\n\n`;

  it('instances: the format=full task, then a table sorted by instance; --ps, --failing, piped, --json', async () => {
    expect((await tty(['-d', 'dep', 'instances'])).stdout).toBe(
      TASK(50) +
        'Instance  Process State  AZ  IPs       Deployment  \n' +
        'db/def    -              z2  -         dep  \n' +
        'web/abc   running        z1  10.0.0.2  dep  \n' +
        '\n2 instances\n\nSucceeded\n',
    );
    expect(paths()).toEqual(['GET /deployments/dep/instances?format=full']);
    expect((await tty(['-d', 'dep', 'instances', '--ps'])).stdout).toBe(
      TASK(50) +
        'Instance  Process  Process State  AZ  IPs       Deployment  \n' +
        'db/def    -        -              z2  -         dep  \n' +
        'web/abc   -        running        z1  10.0.0.2  dep  \n' +
        '~         nginx    running        -   -         -  \n' +
        '~         worker   failing        -   -         -  \n' +
        '\n2 instances\n\nSucceeded\n',
    );
    expect((await tty(['-d', 'dep', 'is', '-f', '-p'])).stdout).toContain(
      'web/abc   -        running        z1  10.0.0.2  dep  \n~         worker   failing        -   -         -  \n',
    );
    expect((await bosh(['-d', 'dep', 'is', '-p'])).stdout).toBe(
      'db/def \t-     \t-      \tz2\t-       \tdep\t\n' +
        'web/abc\t-     \trunning\tz1\t10.0.0.2\tdep\t\n' +
        'web/abc\tnginx \trunning\t- \t-       \t-\t\n' +
        'web/abc\tworker\tfailing\t- \t-       \t-\t\n',
    );
    const json = JSON.parse((await tty(['-d', 'dep', 'is', '--json'])).stdout) as {
      Tables: { Content: string; Rows: Record<string, string>[] }[];
    };
    expect(json.Tables[0]?.Content).toBe('instances');
    expect(json.Tables[0]?.Rows[1]).toEqual({
      az: 'z1',
      deployment: 'dep',
      instance: 'web/abc',
      ips: '10.0.0.2',
      process_state: 'running',
    });
  });

  it('instances --details and --vitals add their columns', async () => {
    expect((await tty(['-d', 'dep', 'instances', '-i'])).stdout).toBe(
      TASK(50) +
        'Instance  Process State  AZ  IPs       Deployment  State    VM CID  VM Type  Disk CIDs  Agent ID  Index  Bootstrap  Ignore  \n' +
        'db/def    -              z2  -         dep         started  -       -        -          -         1      false      false  \n' +
        'web/abc   running        z1  10.0.0.2  dep         started  vm-1    small    disk-1     agent-1   0      true       false  \n' +
        '\n2 instances\n\nSucceeded\n',
    );
    const vitals = (await tty(['-d', 'dep', 'instances', '--vitals'])).stdout;
    expect(vitals).toContain(
      'VM Created At                 Uptime       Load              CPU    CPU   CPU   CPU   Memory        Swap      System      Ephemeral   Persistent  \n',
    );
    expect(vitals).toContain(
      'Tue Jan  2 03:04:05 UTC 2024  1d 1h 1m 1s  0.01, 0.05, 0.10  -      1.2%  0.5%  0.0%  25% (512 MB)  0% (0 B)  40% (10i%)  1% (2i%)    -  \n',
    );
  });

  it('vms: VM columns and the stemcell; every deployment without -d', async () => {
    expect((await tty(['-d', 'dep', 'vms'])).stdout).toBe(
      TASK(51) +
        'Instance  Process State  AZ  IPs       VM CID  VM Type  Active  Stemcell  \n' +
        'db/def    -              z2  -         -       -        -       -  \n' +
        'web/abc   running        z1  10.0.0.2  vm-1    small    true    bosh-warden/1.5  \n' +
        '\n2 vms\n\nSucceeded\n',
    );
    d.json('GET', '/deployments', [{ name: 'dep' }, { name: 'bad' }]);
    d.json('GET', '/deployments/bad/vms?format=full', { code: 1, description: 'x' }, 500);
    const r = await tty(['vms', '--vitals']);
    expect(r.stdout).toContain("Deployment 'dep'");
    expect(r.stdout).toContain('1d 1h 1m 1s');
    expect(r.exit).toBe(1);
    expect(r.stderr).toContain("Listing deployment 'bad' vms infos");
  });
});
