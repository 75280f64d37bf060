import { spawnSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJobHarness, runJob, type JobHarness } from '../../testing/director-job-harness.js';
import { buildReleaseTarball, sha1File } from '../../testing/director-release-fixtures.js';
import { RecordingTaskContext } from '../../testing/recording-task-context.js';
import { updateReleaseJob } from './update-release.js';

let h: JobHarness;
let server: Server;
let base: string;
let tarball: Buffer;
const requests: Array<string | undefined> = [];

beforeEach(async () => {
  h = await openJobHarness();
  tarball = await readFile(
    await buildReleaseTarball(h.work, { name: 'app', version: '1', packages: [{ name: 'base' }] }),
  );
  requests.length = 0;
  server = createServer((req, res) => {
    requests.push(req.headers.authorization);
    if (req.url === '/release.tgz') res.end(tarball);
    else if (req.url === '/moved') res.writeHead(302, { location: '/release.tgz' }).end();
    else if (req.url === '/loop') res.writeHead(301, { location: '/loop' }).end();
    else res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise((done) => server.close(done));
  await h.close();
});

const job = () => updateReleaseJob({ store: h.store, blobstore: h.blobstore, tmpDir: h.tmpDir });

describe('update_release of a location', () => {
  it('downloads it (following redirects, with basic auth) in stage Downloading remote release', async () => {
    const ctx = new RecordingTaskContext();
    const location = base.replace('http://', 'http://user:secret@') + '/moved';
    const { result } = await runJob(job(), ctx, { location, fix: false, rebase: false });
    expect(result).toBe("Created release 'app/1'");
    expect(ctx.eventLines.slice(0, 2)).toEqual([
      'Downloading remote release (1/1) > Downloading remote release: started',
      'Downloading remote release (1/1) > Downloading remote release: finished',
    ]);
    expect(requests).toEqual([`Basic ${Buffer.from('user:secret').toString('base64')}`, expect.any(String)]);
    expect(ctx.debugLines).toContain(
      `Downloading remote release from http://<redacted>:<redacted>@${base.slice(7)}/moved`,
    );
    expect(await h.tmpEntries()).toEqual([]);
  });

  it('fails with BOSH messages: 404, too many redirects', async () => {
    const ctx = new RecordingTaskContext();
    const missing = await runJob(job(), ctx, { location: `${base}/nope.tgz`, fix: false, rebase: false });
    expect(missing.error?.kind).toBe('ResourceNotFound');
    expect(missing.error?.message).toBe(`No release found at '${base}/nope.tgz'.`);
    const loop = await runJob(job(), ctx, { location: `${base}/loop`, fix: false, rebase: false });
    expect(loop.error?.message).toBe(`Too many redirects at '${base}/loop'.`);
    const refused = await runJob(job(), ctx, { location: 'http://127.0.0.1:1/x', fix: false, rebase: false });
    expect(refused.error?.message).toBe(
      'Downloading remote release failed. Check task debug log for details.',
    );
    expect(await h.tmpEntries()).toEqual([]);
  });
});

const boshBin = resolve(import.meta.dirname, '../../../bin/bosh.cjs');

describe('update_release of examples/hello-release built by our CLI', () => {
  it.skipIf(!existsSync(boshBin))('uploads it, sha1 verified', async () => {
    const dir = join(h.work, 'hello-release');
    cpSync(resolve(import.meta.dirname, '../../../examples/hello-release'), dir, { recursive: true });
    const out = join(h.work, 'hello.tgz');
    const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: join(h.work, 'home') };
    const built = spawnSync(process.execPath, [boshBin, 'create-release', '--force', '--tarball', out], {
      cwd: dir,
      env,
      encoding: 'utf8',
    });
    expect(built.status, built.stderr).toBe(0);
    const ctx = new RecordingTaskContext();
    const sha1 = await sha1File(out);
    const { result, error } = await runJob(job(), ctx, { tarballPath: out, fix: false, rebase: false, sha1 });
    expect(error).toBeUndefined();
    expect(result).toBe("Created release 'hello/0+dev.1'");
    const version = await h.store.releases.getVersion('hello', '0+dev.1');
    expect(version?.packages.map((p) => p.name)).toEqual(['hello']);
    expect(version?.jobs.map((j) => [j.name, j.packageNames])).toEqual([['hello', ['hello']]]);
    expect(version?.jobs[0]?.sha1).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
