import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { create } from 'tar';
import { beforeAll, describe, expect, it } from 'vitest';
import { DirectorCliHarness, useDirectorCli, usingEnvironment } from '../../testing/director-cli-harness.js';
import type { FakeDirector } from '../../testing/fake-director.js';

let d: FakeDirector;
let h: DirectorCliHarness;

useDirectorCli((director, harness) => {
  d = director;
  h = harness;
});

const bosh = (...args: string[]) => h.onTest(args);
const tty = (...args: string[]) => h.onTest(args, { tty: true });
const USING = (): string => usingEnvironment(d.url);
const seen = (path: string) => d.seen.find((s) => s.path === path);

describe('releases, stemcells, deployments', () => {
  it('releases: by name, newest version first, with the deployed and uncommitted marks', async () => {
    const v = (version: string, over: object = {}) => ({
      version,
      commit_hash: 'abc123',
      uncommitted_changes: false,
      currently_deployed: false,
      job_names: [],
      ...over,
    });
    d.json('GET', '/releases', [
      { name: 'zoo', release_versions: [v('1')] },
      {
        name: 'bosh',
        release_versions: [
          v('9'),
          v('10', { currently_deployed: true }),
          v('9.1+dev.2', { uncommitted_changes: true }),
        ],
      },
    ]);
    expect((await tty('releases')).stdout).toBe(
      USING() +
        'Name  Version    Commit Hash  \n' +
        'bosh  10*        abc123  \n' +
        '~     9.1+dev.2  abc123+  \n' +
        '~     9          abc123  \n' +
        'zoo   1          abc123  \n' +
        '\n(*) Currently deployed\n(+) Uncommitted changes\n\n4 releases\n\nSucceeded\n',
    );
    d.json('GET', '/releases', [{ name: 'bad', release_versions: [v('1..2')] }]);
    expect((await bosh('rs')).stderr).toBe(
      "Parsing version for release 'bad/1..2':\n  Expected component '' from version segment '1..2' to be either an integer or a formatted string\nExit code 1\n",
    );
  });

  it('stemcells: by name, newest first, `*` when in use', async () => {
    d.json('GET', '/stemcells', [
      {
        name: 'bosh-warden',
        operating_system: 'ubuntu-jammy',
        version: '1.5',
        cid: 'c1',
        cpi: '',
        deployments: [],
      },
      {
        name: 'bosh-warden',
        operating_system: 'ubuntu-jammy',
        version: '1.10',
        cid: 'c2',
        cpi: 'w',
        deployments: [{ name: 'cf' }],
      },
    ]);
    expect((await tty('ss')).stdout).toBe(
      USING() +
        'Name         Version  OS            CPI  CID  \n' +
        'bosh-warden  1.10*    ubuntu-jammy  w    c2  \n' +
        '~            1.5      ubuntu-jammy  -    c1  \n' +
        '\n(*) Currently deployed\n\n2 stemcells\n\nSucceeded\n',
    );
  });

  it('deployments: releases, stemcells and teams one per line', async () => {
    d.json('GET', '/deployments?exclude_configs=true', [
      {
        name: 'zk',
        releases: [
          { name: 'zookeeper', version: '0.0.9' },
          { name: 'bpm', version: '1.2' },
        ],
        stemcells: [{ name: 's', version: '1' }],
        teams: [],
      },
      { name: 'cf', releases: [], stemcells: [], teams: ['a', 'b'] },
    ]);
    expect((await tty('ds')).stdout).toBe(
      USING() +
        'Name  Release(s)       Stemcell(s)  Team(s)  \n' +
        'cf    -                -            a  \n' +
        '                                    b  \n' +
        'zk    zookeeper/0.0.9  s/1          -  \n' +
        `      ${'bpm/1.2'.padEnd(15)}  ${''.padEnd(11)}    \n` +
        '\n2 deployments\n\nSucceeded\n',
    );
  });
});

describe('upload-stemcell', () => {
  let tgz: string;
  beforeAll(async () => {
    const dir = join(h.home, 'stemcell');
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'stemcell.MF'),
      'name: bosh-warden-boshlite\nversion: 1.50\noperating_system: ubuntu-jammy\n',
    );
    await writeFile(join(dir, 'image'), 'x'.repeat(100000));
    tgz = join(h.home, 'stemcell.tgz');
    await create({ gzip: true, file: tgz, cwd: dir }, ['image', 'stemcell.MF']);
  });

  it('asks whether the director needs it, then streams the file as application/x-compressed', async () => {
    d.json('POST', '/stemcell_uploads', { needed: true });
    d.startsTask('POST', '/stemcells?', 70, { states: ['done'] });
    expect(await bosh('us', tgz)).toEqual({ exit: 0, stdout: '', stderr: '' });
    expect(seen('/stemcell_uploads')?.body.toString()).toBe(
      '{"stemcell":{"name":"bosh-warden-boshlite","version":"1.50"}}',
    );
    const upload = seen('/stemcells?');
    expect(upload?.headers['content-type']).toBe('application/x-compressed');
    expect(upload?.headers['content-length']).toBe(String((await readFile(tgz)).length));
    expect(upload?.body.equals(await readFile(tgz))).toBe(true);
    expect(d.requests()).toEqual([
      'GET /info',
      'POST /stemcell_uploads',
      'POST /stemcells?',
      'GET /tasks/70',
      'GET /tasks/70',
      'GET /tasks/70/output?type=event',
      'GET /tasks/70/output?type=result',
    ]);
  });

  it('shows a progress bar on a terminal only', async () => {
    d.json('POST', '/stemcell_uploads', { needed: true });
    d.startsTask('POST', '/stemcells?', 71, { states: ['done'] });
    const r = await tty('upload-stemcell', tgz);
    expect(r.stdout.replace(/\r\[[=>_]+\] [^\n]*\n/, '<bar>\n')).toBe(
      USING() + '<bar>\nTask 71. Done\n\nSucceeded\n',
    );
    expect(r.stdout).toMatch(/\r\[=+\] 100\.00% /);
  });

  it('says so when the director has it; --fix uploads anyway; a URL uses --name/--version', async () => {
    d.json('POST', '/stemcell_uploads', { needed: false });
    expect((await tty('us', tgz)).stdout).toBe(
      USING() + "Stemcell 'bosh-warden-boshlite/1.50' already exists.\n\nSucceeded\n",
    );
    d.startsTask('POST', '/stemcells?fix=true', 72, { states: ['done'] });
    expect((await bosh('us', tgz, '--fix')).exit).toBe(0);
    expect(d.requests('POST').at(-1)).toBe('POST /stemcells?fix=true');
    d.json('POST', '/stemcell_uploads', { needed: true });
    d.startsTask('POST', '/stemcells?', 73, { states: ['done'] });
    await bosh('us', 'https://u:p@example.com/s.tgz', '--name', 'n', '--version', '3.1', '--sha1', 'sha');
    expect(
      d.seen
        .filter((s) => s.path === '/stemcell_uploads')
        .at(-1)
        ?.body.toString(),
    ).toBe('{"stemcell":{"name":"n","version":"3.1"}}');
    const post = d.seen.filter((s) => s.path === '/stemcells?').at(-1);
    expect([post?.headers['content-type'], post?.body.toString()]).toEqual([
      'application/json',
      '{"location":"https://u:p@example.com/s.tgz","sha1":"sha"}',
    ]);
  });

  it('reports unreadable stemcells and failed tasks', async () => {
    expect((await bosh('us', join(h.home, 'none.tgz'))).stderr).toBe(
      `Retrieving stemcell info:\n  Opening archive:\n    open ${join(h.home, 'none.tgz')}: no such file or directory\nExit code 1\n`,
    );
    const notGzip = join(h.home, 'plain.txt');
    await writeFile(notGzip, 'hello');
    expect((await bosh('us', notGzip)).stderr).toBe(
      'Retrieving stemcell info:\n  gzip: invalid header\nExit code 1\n',
    );
    d.json('POST', '/stemcell_uploads', { needed: true });
    d.startsTask('POST', /^\/stemcells\?/, 74, { states: ['error'] });
    d.startsTask('POST', /^\/stemcells\?fix/, 74, { states: ['error'] });
    expect((await bosh('us', 'https://example.com/s.tgz')).stderr).toBe(
      "Uploading remote stemcell 'https://example.com/s.tgz':\n  Expected task '74' to succeed but state is 'error'\nExit code 1\n",
    );
  });
});

describe('delete-release, delete-stemcell, inspect-release', () => {
  beforeAll(() => {
    d.json('GET', '/releases', [{ name: 'bosh', release_versions: [{ version: '1' }] }]);
  });

  it('delete-release: asks, then deletes a version or the whole series; a missing one is only reported', async () => {
    d.startsTask('DELETE', '/releases/bosh?force=true&version=1', 80, { states: ['done'] });
    expect((await tty('-n', 'delr', 'bosh/1', '--force'), d.requests('DELETE'))).toEqual([
      'DELETE /releases/bosh?force=true&version=1',
    ]);
    d.startsTask('DELETE', '/releases/bosh?', 81, { states: ['done'] });
    expect(
      (await h.run(['-e', 'test', 'delete-release', 'bosh'], { tty: true, answers: ['y'] })).stdout,
    ).toBe(USING() + 'Continue? [yN]: y\n\nTask 81. Done\n\nSucceeded\n');
    expect((await tty('-n', 'delr', 'nope/2')).stdout).toBe(
      USING() + "Release 'nope/2' does not exist.\n\nSucceeded\n",
    );
    expect((await tty('-n', 'delr', 'nope')).stdout).toBe(
      USING() + "Release 'nope' does not exist.\n\nSucceeded\n",
    );
    expect((await bosh('delr', 'a/b/c')).stderr).toBe(
      "Expected release or series 'a/b/c' to be in format 'name' or 'name/version'\nExit code 1\n",
    );
  });

  it('delete-stemcell: deletes; a failure for a stemcell that is gone anyway is not an error', async () => {
    d.startsTask('DELETE', '/stemcells/s/1?', 82, { states: ['done'] });
    expect((await bosh('-n', 'dels', 's/1')).exit).toBe(0);
    d.startsTask('DELETE', '/stemcells/s/2?force=true', 83, { states: ['error'] });
    d.json('GET', '/stemcells', []);
    expect((await bosh('-n', 'delete-stemcell', 's/2', '--force')).exit).toBe(0);
    d.json('GET', '/stemcells', [{ name: 's', version: '2' }]);
    expect((await bosh('-n', 'delete-stemcell', 's/2', '--force')).stderr).toBe(
      "Deleting stemcell 's/2':\n  Expected task '83' to succeed but state is 'error'\nExit code 1\n",
    );
    expect((await bosh('delete-stemcell', 's')).stderr).toBe(
      "Expected stemcell 's' to be in format 'name/version'\nExit code 1\n",
    );
  });

  it('inspect-release: jobs with their links, packages with their compiled packages', async () => {
    d.json('GET', '/releases/bosh?version=1', {
      jobs: [
        {
          name: 'web',
          fingerprint: 'fw',
          blobstore_id: 'bw',
          sha1: 'sha256:w',
          consumes: [{ name: 'db', type: 'postgres', optional: true }],
          provides: [],
        },
      ],
      packages: [
        {
          name: 'ruby',
          fingerprint: 'fr',
          blobstore_id: 'br',
          sha1: 'sha256:r',
          compiled_packages: [{ stemcell: 'ubuntu-jammy/1.5', blobstore_id: 'bc', sha1: 'sha256:c' }],
        },
      ],
    });
    expect((await tty('inspect-release', 'bosh/1')).stdout).toBe(
      USING() +
        'Job     Blobstore ID  Digest    Links Consumed    Links Provided  \n' +
        'web/fw  bw            sha256:w  - name: db        -  \n' +
        '                                  type: postgres    \n' +
        '                                  optional: true    \n' +
        '\n1 jobs\n\n' +
        'Package  Compiled for      Blobstore ID  Digest  \n' +
        'ruby/fr  (source)          br            sha256:r  \n' +
        '~        ubuntu-jammy/1.5  bc            sha256:c  \n' +
        '\n0 packages\n\nSucceeded\n',
    );
    const filtered = await bosh(
      'inspect-release',
      'bosh/1',
      '--column',
      'digest',
      '--column',
      'compiled_for',
    );
    // Each table keeps the columns it has (PrintTableFiltered); the padding UI separates the two tables.
    expect(filtered.stdout).toBe(
      'sha256:w\t\n\n(source)        \tsha256:r\t\nubuntu-jammy/1.5\tsha256:c\t\n',
    );
  });
});
