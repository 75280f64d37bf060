import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { DirectorCliHarness, useDirectorCli, usingEnvironment } from '../../testing/director-cli-harness.js';
import type { FakeDirector } from '../../testing/fake-director.js';

let d: FakeDirector;
let h: DirectorCliHarness;
let file: string;

useDirectorCli(async (director, harness) => {
  d = director;
  h = harness;
  file = join(h.home, 'cc.yml');
  await writeFile(file, 'azs:\n- name: ((az))\n');
});

const bosh = (args: string[], answers?: string[]) => h.onTest(args, answers ? { answers } : {});
const tty = (args: string[], answers?: string[]) =>
  h.onTest(args, { tty: true, ...(answers ? { answers } : {}) });
const USING = (): string => usingEnvironment(d.url);
const body = (path: string): string => d.seen.find((s) => s.path === path)?.body.toString() ?? '<none>';
const CONFIG = {
  id: '4',
  type: 'cloud',
  name: 'default',
  team: null,
  content: 'azs:\n- name: z1\n',
  created_at: '2024-01-01 00:00:00 UTC',
  current: true,
};
const DIFF = {
  diff: [
    ['azs:', null],
    ['- name: z1', 'added'],
    ['- name: z0', 'removed'],
  ],
  from: { id: '3' },
};

describe('configs, config', () => {
  it('configs: the active configs, `*` for current ones, and a note about --recent', async () => {
    d.json('GET', '/configs?latest=true&limit=1', [
      CONFIG,
      { ...CONFIG, id: '2', type: 'runtime', current: false, team: 'x' },
    ]);
    expect((await tty(['configs'])).stdout).toBe(
      USING() +
        'ID  Type     Name     Team  Created At  \n' +
        '4*  cloud    default  -     2024-01-01 00:00:00 UTC  \n' +
        '2   runtime  default  x     2024-01-01 00:00:00 UTC  \n' +
        '\n(*) Currently active\nOnly showing active configs. To see older versions use the --recent=10 option.\n' +
        '\n2 configs\n\nSucceeded\n',
    );
    d.json('GET', '/configs?latest=false&limit=3&name=n&type=cloud', []);
    const r = await tty(['cs', '--type=cloud', '--name=n', '-r=3']);
    expect(r.stdout).toBe(USING() + 'ID  Type  Name  Team  Created At  \n\n0 configs\n\nSucceeded\n');
    expect((await bosh(['configs', '--type', 'cloud'])).stderr).toBe(
      "Command '*opts.ConfigsOpts' does not support extra arguments: cloud\nExit code 1\n",
    );
  });

  it('config: by ID or by type and name, transposed with its content', async () => {
    d.json('GET', '/configs/4', CONFIG);
    expect((await tty(['config', '4'])).stdout).toBe(
      USING() +
        'ID          4  \n' +
        'Type        cloud  \n' +
        'Name        default  \n' +
        'Created At  2024-01-01 00:00:00 UTC  \n' +
        'Content     azs:  \n' +
        '            - name: z1  \n' +
        // the content's final line break makes one more (empty) line, as in bosh-cli
        '              \n' +
        '\n1 config\n\nSucceeded\n',
    );
    d.json('GET', '/configs?latest=true&limit=1&name=default&type=cloud', []);
    expect((await bosh(['c', '--type', 'cloud', '--name', 'default'])).stderr).toBe(
      'No config\nExit code 1\n',
    );
    d.json('GET', '/configs/9', { code: 440012, description: 'Config 9 not found' }, 404);
    expect((await bosh(['config', '9'])).stderr).toBe(
      'No config:\n  Director responded with non-successful status code \'404\' response \'{"code":440012,"description":"Config 9 not found"}\'\nExit code 1\n',
    );
  });

  it('config and delete-config check their arguments after reaching the director', async () => {
    const cases: [string[], string][] = [
      [['config'], 'Either <ID> or parameters --type and --name must be provided'],
      [['config', '1', '--name', 'x'], "Can only specify one of ID or parameters '--type' and '--name'"],
      [['config', '--type', 'cloud'], "Need to specify both parameters '--type' and '--name'"],
      [['delete-config', '--name', 'x'], "Need to specify both parameters '--type' and '--name'"],
    ];
    for (const [args, message] of cases) expect((await bosh(args)).stderr).toBe(`${message}\nExit code 1\n`);
    expect(d.requests().filter((r) => r === 'GET /info')).toHaveLength(4);
  });
});

describe('update-config', () => {
  beforeEach(() => {
    d.json('POST', '/configs/diff', DIFF);
    d.json('POST', '/configs', { ...CONFIG, id: '5' }, 201);
  });

  it('interpolates, shows the diff, asks, then posts with the diff base as the expected latest ID', async () => {
    const r = await tty(
      ['update-config', '--type', 'cloud', '--name', 'default', file, '-v', 'az=z1'],
      ['y'],
    );
    expect(r.stdout).toBe(
      USING() +
        '  azs:\n+ - name: z1\n- - name: z0\n' +
        '\nContinue? [yN]: y\n' +
        '\nID          5  \nType        cloud  \nName        default  \nCreated At  2024-01-01 00:00:00 UTC  \n' +
        'Content     azs:  \n            - name: z1  \n              \n\n1 config\n\nSucceeded\n',
    );
    expect(body('/configs/diff')).toBe('{"type":"cloud","name":"default","content":"azs:\\n- name: z1\\n"}');
    expect(body('/configs')).toBe(
      '{"type":"cloud","name":"default","content":"azs:\\n- name: z1\\n","expected_latest_id":"3"}',
    );
  });

  it('stops unless told yes; -n does not ask; piped, the diff is not shown', async () => {
    const no = await bosh(['uc', '--type=cloud', '--name=default', file, '-v', 'az=z1'], ['n']);
    expect(no).toEqual({ exit: 1, stdout: 'Continue? [yN]: n\n\n\n', stderr: 'Stopped\nExit code 1\n' });
    expect(d.requests('POST')).toEqual(['POST /configs/diff']);
    d.seen.length = 0;
    const yes = await bosh([
      '-n',
      'uc',
      '--type=cloud',
      '--name=default',
      file,
      '-v',
      'az=z1',
      '--expected-latest-id',
      '7',
    ]);
    expect(yes.exit).toBe(0);
    expect(JSON.parse(body('/configs'))).toMatchObject({ expected_latest_id: '7' });
  });

  it('reports a concurrent update (412), evaluation errors and missing flags', async () => {
    d.json('POST', '/configs', { latest_id: '9', expected_latest_id: '3', description: 'x' }, 412);
    expect((await bosh(['-n', 'uc', '--type=cloud', '--name=default', file, '-v', 'az=z1'])).stderr).toBe(
      "Config update rejected: The expected latest ID '3' doesn't match the latest ID '9'. This most likely means that a concurrent update of the config happened. Please try to upload again.\nExit code 1\n",
    );
    expect((await bosh(['-n', 'uc', '--type=cloud', '--name=default', file, '-o', file])).stderr).toContain(
      "invalid argument for flag `-o, --ops-file' (expected []opts.OpsFileArg)",
    );
    expect((await bosh(['uc', file])).stderr).toBe(
      "the required flags `--name' and `--type' were not specified\nExit code 1\n",
    );
  });
});

describe('delete-config', () => {
  it('asks, deletes by type and name or by ID, and says so when nothing matched', async () => {
    d.on('DELETE', '/configs?name=default&type=cloud', () => ({ status: 204 }));
    expect((await tty(['dc', '--type', 'cloud', '--name', 'default'], ['yes'])).stdout).toBe(
      USING() + 'Continue? [yN]: yes\n\nSucceeded\n',
    );
    d.on('DELETE', '/configs/8', () => ({ status: 404, body: '{"code":440012}' }));
    expect((await tty(['-n', 'delete-config', '8'])).stdout).toBe(
      USING() + "No configs to delete: no matches for id '8' found.\n\nSucceeded\n",
    );
  });
});

describe('cloud-config, runtime-config, cpi-config', () => {
  it('prints the latest as YAML, or says there is none', async () => {
    d.json('GET', '/cloud_configs?limit=1&name=', [{ properties: 'azs: []\n', created_at: 'x' }]);
    expect(await bosh(['cc'])).toEqual({ exit: 0, stdout: 'azs: []\n', stderr: '' });
    d.json('GET', '/cloud_configs?limit=1&name=other', []);
    expect((await bosh(['cloud-config', '--name', 'other'])).stderr).toBe('No cloud config\nExit code 1\n');
    d.json('GET', /^\/runtime_configs\?limit=1&name=/, []);
    expect((await bosh(['rc'])).stderr).toBe('No default runtime config\nExit code 1\n');
    expect((await bosh(['rc', '--name', 'dns'])).stderr).toBe(
      "No runtime config with name 'dns'\nExit code 1\n",
    );
    d.json('GET', '/cpi_configs?limit=1', [{ properties: 'cpis: []\n' }]);
    expect((await tty(['cpi-config'])).stdout).toBe(USING() + 'cpis: []\n\nSucceeded\n');
  });
});

describe('update-cloud-config, update-cpi-config, update-runtime-config', () => {
  it('update-cloud-config: diff and upload as YAML with the name', async () => {
    d.json('POST', '/cloud_configs/diff?name=', { diff: [['azs:', 'added']] });
    d.on('POST', '/cloud_configs?name=', () => ({ status: 201, body: '{}' }));
    const r = await tty(['ucc', file, '-v', 'az=z9'], ['y']);
    expect(r.stdout).toBe(USING() + '+ azs:\n\nContinue? [yN]: y\n\nSucceeded\n');
    const post = d.seen.find((s) => s.path === '/cloud_configs?name=');
    expect([post?.headers['content-type'], post?.body.toString()]).toEqual([
      'text/yaml',
      'azs:\n- name: z9\n',
    ]);
    expect((await bosh(['ucc', join(h.home, 'nope.yml')])).stderr).toBe(
      `Opening file ${join(h.home, 'nope.yml')}:\n  open ${join(h.home, 'nope.yml')}: no such file or directory\nExit code 1\n`,
    );
  });

  it('update-cpi-config: --no-redact on the diff; a director without a diff endpoint gives no diff', async () => {
    d.on('POST', '/cpi_configs', () => ({ status: 201, body: '{}' }));
    expect((await bosh(['-n', 'update-cpi-config', file, '-v', 'az=z1', '--no-redact'])).exit).toBe(0);
    expect(d.requests('POST')).toEqual(['POST /cpi_configs/diff?redact=false', 'POST /cpi_configs']);
  });

  it('update-runtime-config: uploads the releases it names by URL unless the director has them', async () => {
    const rc = join(h.home, 'rc.yml');
    await writeFile(
      rc,
      // (an unquoted 1.0 would be re-emitted as 1 by the interpolation, as in bosh-cli)
      'releases:\n- name: dns\n  version: "1.0"\n  url: https://example.com/dns.tgz\n  sha1: abc\n' +
        '- name: new\n  version: "2"\n  url: https://user:pw@example.com/new.tgz\n- name: local\n  version: "3"\n',
    );
    d.json('POST', '/runtime_configs/diff?name=dns', { diff: [] });
    d.json('GET', '/releases', [
      {
        name: 'dns',
        release_versions: [
          {
            version: '1.0',
            commit_hash: 'a',
            uncommitted_changes: false,
            currently_deployed: false,
            job_names: [],
          },
        ],
      },
    ]);
    d.json('GET', '/releases/dns?version=1.0', {
      jobs: [],
      packages: [{ name: 'p', blobstore_id: 'b', fingerprint: 'f', sha1: 's', compiled_packages: [] }],
    });
    d.startsTask('POST', '/releases?', 50, { states: ['done'] });
    d.on('POST', '/runtime_configs?name=dns', () => ({ status: 201, body: '{}' }));
    const r = await tty(['-n', '--parallel', '1', 'urc', rc, '--name', 'dns'], []);
    expect(r.stdout).toBe(USING() + "Release 'dns/1.0' already exists.\n\nTask 50. Done\n\nSucceeded\n");
    expect(body('/releases?')).toBe('{"location":"https://user:pw@example.com/new.tgz"}');
    expect(d.requests('POST')).toEqual([
      'POST /runtime_configs/diff?name=dns',
      'POST /releases?',
      'POST /runtime_configs?name=dns',
    ]);
  });
});
