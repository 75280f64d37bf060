import { chmodSync, cpSync, readdirSync, lstatSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { list } from 'tar';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DirectorCliHarness, saveEnvironment } from '../../testing/director-cli-harness.js';
import { CORPUS } from '../../testing/blob-cli-harness.js';
import { FakeDirector } from '../../testing/fake-director.js';
import { loadReleaseTools } from '../main.js';
import type { ReleaseTools } from '../release/release-tools.js';

let d: FakeDirector;
let h: DirectorCliHarness;
let tools: Promise<ReleaseTools>;
let dir: string;

function copyFixture(name: string, to: string): void {
  cpSync(join(CORPUS, 'fixtures', name), to, { recursive: true });
  const walk = (p: string): void => {
    chmodSync(p, (lstatSync(p).mode & 0o7777) | 0o200);
    if (lstatSync(p).isDirectory()) for (const n of readdirSync(p)) walk(join(p, n));
  };
  walk(to);
}

beforeAll(async () => {
  d = await new FakeDirector().start();
  h = await DirectorCliHarness.create();
  await saveEnvironment(h, { url: d.url, ca: d.ca, alias: 'test', username: 'admin', password: 'secret' });
  tools = loadReleaseTools(h.home);
  dir = join(h.home, 'minimal');
  copyFixture('minimal', dir);
});
afterAll(async () => {
  await d.stop();
  await h.dispose();
});
beforeEach(() => {
  d.seen.length = 0;
  d.json('GET', '/releases', []);
  d.startsTask('POST', /^\/releases\?/, 90, { states: ['done'] });
});

const bosh = (...args: string[]) => h.run(['-e', 'test', ...args], { releaseTools: () => tools });
const post = (prefix: string) =>
  d.seen.filter((s) => s.method === 'POST' && s.path.startsWith(prefix)).at(-1);

/** The entries of the uploaded tarball. */
async function uploadedEntries(): Promise<string[]> {
  const file = join(h.home, 'uploaded.tgz');
  await writeFile(file, post('/releases')?.body ?? Buffer.alloc(0));
  const entries: string[] = [];
  await list({ file, onReadEntry: (e) => entries.push(e.path) });
  return entries;
}

describe('upload-release', () => {
  it('a release directory: creates a timestamped dev release, leaves out packages the director has, uploads', async () => {
    const fingerprints: string[] = [];
    d.on('POST', '/packages/matches', (r) => {
      const fp = /packages:\n- name: empty\n {2}version: (\w+)/.exec(r.body.toString())?.[1] ?? '';
      fingerprints.push(fp);
      return { body: JSON.stringify([fp]) };
    });
    const r = await bosh('upload-release', dir);
    expect(r.stderr).toBe('');
    expect(r.exit).toBe(0);
    const matches = post('/packages/matches');
    expect(matches?.headers['content-type']).toBe('text/yaml');
    expect(matches?.body.toString()).toMatch(/^name: minimal\nversion: 0\+dev\.\d+\ncommit_hash: /);
    expect(fingerprints[0]).toMatch(/^[0-9a-f]{64}$/);
    const upload = post('/releases');
    expect([upload?.path, upload?.headers['content-type']]).toEqual([
      '/releases?',
      'application/x-compressed',
    ]);
    expect(await uploadedEntries()).toEqual(['release.MF', 'jobs/', 'jobs/hello.tgz', 'packages/']);
    expect(d.requests()).toEqual([
      'GET /info',
      'GET /releases',
      'POST /packages/matches',
      'POST /releases?',
      'GET /tasks/90',
      'GET /tasks/90',
      'GET /tasks/90/output?type=event',
      'GET /tasks/90/output?type=result',
    ]);
  });

  it('no argument: the latest release of --dir; --fix and --rebase upload everything without asking', async () => {
    const r = await bosh('ur', '--dir', dir, '--fix', '--rebase');
    expect(r.exit).toBe(0);
    expect(d.requests('POST')).toEqual(['POST /releases?fix=true&rebase=true']);
    expect(await uploadedEntries()).toEqual([
      'release.MF',
      'jobs/',
      'jobs/hello.tgz',
      'packages/',
      'packages/empty.tgz',
    ]);
  });

  it('a tarball is read and written again without the matched packages', async () => {
    const tarball = join(h.home, 'minimal.tgz');
    expect((await bosh('create-release', '--dir', dir, '--tarball', tarball, '--force')).exit).toBe(0);
    d.json('POST', '/packages/matches', []);
    expect((await bosh('upload-release', tarball)).exit).toBe(0);
    expect(await uploadedEntries()).toEqual([
      'release.MF',
      'jobs/',
      'jobs/hello.tgz',
      'packages/',
      'packages/empty.tgz',
    ]);
  });

  it('--name/--version: nothing to do when the director has it; a URL is fetched by the director', async () => {
    d.json('GET', '/releases', [{ name: 'minimal', release_versions: [{ version: '1' }] }]);
    d.json('GET', '/releases/minimal?version=1', { jobs: [], packages: [{ name: 'p', blobstore_id: 'b' }] });
    const r = await h.run(
      ['-e', 'test', 'ur', 'https://example.com/r.tgz', '--name', 'minimal', '--version', '1'],
      {
        tty: true,
      },
    );
    expect(r.stdout).toBe(
      `Using environment '${d.url}' as client 'admin'\n\nRelease 'minimal/1' already exists.\n\nSucceeded\n`,
    );
    d.json('GET', '/releases/minimal?version=1', { jobs: [], packages: [{ name: 'p', blobstore_id: '' }] });
    await bosh(
      'ur',
      'https://example.com/r.tgz',
      '--name',
      'minimal',
      '--version',
      '1',
      '--sha1',
      's',
      '--rebase',
    );
    const upload = post('/releases');
    expect([upload?.path, upload?.body.toString()]).toEqual([
      '/releases?rebase=true',
      '{"location":"https://example.com/r.tgz","sha1":"s"}',
    ]);
    expect((await bosh('ur', 'x', '--stemcell', 'ubuntu')).stderr).toBe(
      "invalid argument for flag `--stemcell' (expected director.OSVersionSlug): Expected OS 'ubuntu' to be in format 'name/version'\nExit code 1\n",
    );
  });

  it('reports a failed upload task and a missing file', async () => {
    d.startsTask('POST', /^\/releases\?/, 91, { states: ['error'] });
    expect((await bosh('ur', 'https://example.com/r.tgz')).stderr).toBe(
      "Uploading remote release 'https://example.com/r.tgz':\n  Expected task '91' to succeed but state is 'error'\nExit code 1\n",
    );
    const missing = join(h.home, 'nope.tgz');
    expect((await bosh('ur', missing)).stderr).toBe(
      `stat ${missing}: no such file or directory\nExit code 1\n`,
    );
  });
});
