import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { create } from 'tar';
import { buildReleaseTarball } from '../../src/testing/director-release-fixtures.js';
import { buildLocalStemcell, DB_KINDS, DirectorProcess, dropDatabases } from './harness.js';

// The director as a process, on SQLite and on PostgreSQL, driven over HTTPS as the CLI drives it.
let dir: string;
let director: DirectorProcess | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'it-director-'));
});
afterEach(async () => {
  await director?.stop();
  director = undefined;
  await rm(dir, { recursive: true, force: true });
});
afterAll(() => dropDatabases());

describe.each(DB_KINDS)('the director on %s', { timeout: 120_000 }, (db) => {
  let d: DirectorProcess;
  beforeEach(async () => {
    director = await DirectorProcess.start(join(dir, 'director'), { db });
    d = director;
  });

  it("answers /info to anyone, and everything else only with the right credentials, in BOSH's words", async () => {
    const info = JSON.parse((await d.request('GET', '/info', { auth: false })).body.toString()) as Record<
      string,
      unknown
    >;
    expect(info).toMatchObject({
      name: 'bosh-ts',
      user: null,
      user_authentication: { type: 'basic', options: {} },
    });
    expect(JSON.parse((await d.request('GET', '/info')).body.toString())).toMatchObject({ user: 'admin' });
    for (const auth of [
      false,
      { user: 'admin', password: 'wrong' },
      { user: 'nobody', password: d.password },
    ] as const) {
      const res = await d.request('GET', '/tasks', { auth });
      expect(res.status).toBe(401);
      expect(res.body.toString()).toBe("Not authorized: '/tasks'\n");
      expect(res.headers['www-authenticate']).toBe('Basic realm="BOSH Director"');
    }
    const missing = await d.request('GET', '/nope');
    expect([missing.status, missing.body.toString()]).toEqual([404, "Endpoint '/nope' not found."]);
    const task = await d.request('GET', '/tasks/999');
    expect([task.status, JSON.parse(task.body.toString())]).toEqual([
      404,
      { code: 10000, description: 'Task 999 not found' },
    ]);
  });

  it('stores an uploaded stemcell and release, lists them, and serves task output with Range', async () => {
    const stemcellTask = await d.upload('/stemcells', buildLocalStemcell(dir));
    expect(await d.waitTask(stemcellTask)).toMatchObject({
      state: 'done',
      result: '/stemcells/bosh-local-debian-bookworm-go_agent/1.0',
    });
    expect(await d.json('GET', '/stemcells')).toEqual([
      expect.objectContaining({
        name: 'bosh-local-debian-bookworm-go_agent',
        version: '1.0',
        cpi: '',
        deployments: [],
        api_version: 3,
      }),
    ]);

    const tarball = await buildReleaseTarball(dir, {
      name: 'app',
      version: '1',
      packages: [{ name: 'lib' }],
      jobs: [{ name: 'web', packages: ['lib'] }],
    });
    const releaseTask = await d.upload('/releases', tarball);
    expect(await d.waitTask(releaseTask)).toMatchObject({ state: 'done', result: "Created release 'app/1'" });
    expect(await d.json('GET', '/releases')).toEqual([
      {
        name: 'app',
        release_versions: [
          expect.objectContaining({ version: '1', currently_deployed: false, job_names: ['web'] }),
        ],
      },
    ]);
    expect((await d.blobs()).length).toBe(2);
    const inspected = (await d.json('GET', '/releases/app?version=1')) as {
      packages: Array<{ name: string; blobstore_id: string; sha1: string }>;
    };
    const lib = inspected.packages.find((p) => p.name === 'lib');
    const download = await d.request('GET', `/resources/${lib?.blobstore_id ?? ''}`);
    expect(download.status).toBe(200);
    expect(createHash('sha1').update(download.body).digest('hex')).toBe(lib?.sha1);
    const gone = await d.request('GET', '/resources/nope');
    expect([gone.status, JSON.parse(gone.body.toString())]).toEqual([
      404,
      { code: 100002, description: "Resource 'nope' not found" },
    ]);

    const events = await d.events(releaseTask);
    expect(events.map((e) => `${String(e.stage)}/${String(e.state)}`)).toContain(
      'Release has been created/finished',
    );
    const whole = (await d.request('GET', `/tasks/${String(releaseTask)}/output?type=event`)).body;
    const tail = await d.request('GET', `/tasks/${String(releaseTask)}/output?type=event`, {
      headers: { range: 'bytes=10-' },
    });
    expect(tail.status).toBe(206);
    expect(tail.headers['content-range']).toBe(
      `bytes 10-${String(whole.length - 1)}/${String(whole.length)}`,
    );
    expect(tail.body).toEqual(whole.subarray(10));
    const past = await d.request('GET', `/tasks/${String(releaseTask)}/output?type=event`, {
      headers: { range: `bytes=${String(whole.length)}-` },
    });
    expect([past.status, past.headers['content-range']]).toEqual([416, `bytes */${String(whole.length)}`]);

    const tasks = (await d.json('GET', '/tasks?limit=30')) as Array<{
      id: number;
      description: string;
      state: string;
    }>;
    expect(tasks.map((t) => [t.id, t.description, t.state])).toEqual([
      [releaseTask, 'create release', 'done'],
      [stemcellTask, 'create stemcell', 'done'],
    ]);
  });

  it('refuses bad uploads with BOSH messages and stores nothing', async () => {
    const junk = join(dir, 'junk.tgz');
    await writeFile(junk, 'not a tarball');
    const noManifest = await buildReleaseTarball(dir, { name: 'app', version: '1', withManifest: false });
    const noName = await buildReleaseTarball(dir, {
      name: 'app',
      version: '1',
      editManifest: (m) => ({ ...m, name: undefined }),
    });
    const good = await buildReleaseTarball(dir, { name: 'app', version: '1' });
    // A stemcell tarball with an image and no stemcell.MF.
    const imageOnly = join(dir, 'image-only');
    await mkdir(imageOnly);
    await writeFile(join(imageOnly, 'image'), 'IMAGE');
    const noStemcellManifest = join(dir, 'no-manifest-stemcell.tgz');
    await create({ file: noStemcellManifest, cwd: imageOnly, gzip: true }, ['image']);
    const cases: Array<[string, string | Buffer, string | RegExp]> = [
      ['/releases', junk, 'Extracting release archive failed. Check task debug log for details.'],
      ['/releases', noManifest, 'Release manifest not found'],
      ['/releases', noName, 'Invalid release name in release manifest: ""'],
      [
        '/releases?sha1=abcd1234',
        good,
        `Expected stream to have digest 'abcd1234' but was '${createHash('sha1')
          .update(await readFile(good))
          .digest('hex')}'`,
      ],
      ['/stemcells', noStemcellManifest, /^No such file or directory @ rb_sysopen - .*\/stemcell\.MF$/],
    ];
    for (const [path, file, message] of cases) {
      const id = await d.upload(path, file);
      const task = await d.waitTask(id);
      expect(task.state).toBe('error');
      if (typeof message === 'string') expect(task.result).toBe(message);
      else expect(task.result).toMatch(message);
      const last = (await d.events(id)).at(-1);
      expect(last).toMatchObject({ error: { message: task.result } });
    }
    expect(await d.json('GET', '/releases')).toEqual([]);
    expect(await d.json('GET', '/stemcells')).toEqual([]);
    expect(await d.blobs()).toEqual([]);
  });

  it('keeps cloud and other configs, with diffs, through the generic and the legacy routes', async () => {
    const v1 = 'azs:\n- name: z1\nvm_types:\n- name: small\n';
    const v2 = 'azs:\n- name: z1\n- name: z2\nvm_types:\n- name: small\n';
    const created = (await d.json('POST', '/configs', { type: 'cloud', name: 'default', content: v1 })) as {
      id: string;
    };
    expect(await d.json('POST', '/configs/diff', { type: 'cloud', name: 'default', content: v2 })).toEqual({
      diff: [
        ['azs:', null],
        ['- name: z2', 'added'],
      ],
      from: { id: created.id },
    });
    const legacy = await d.request('POST', '/cloud_configs', {
      body: v2,
      headers: { 'content-type': 'text/yaml' },
    });
    expect(legacy.status).toBe(201);
    const latest = (await d.json('GET', '/configs?type=cloud&latest=true')) as Array<{
      content: string;
      current: boolean;
    }>;
    expect(latest.map((c) => [c.content, c.current])).toEqual([[v2, true]]);
    expect(
      ((await d.json('GET', '/cloud_configs?limit=1')) as Array<{ properties: string }>)[0]?.properties,
    ).toBe(v2);
    const stale = await d.request('POST', '/configs', {
      body: JSON.stringify({ type: 'cloud', name: 'default', content: v1, expected_latest_id: created.id }),
      headers: { 'content-type': 'application/json' },
    });
    expect(stale.status).toBe(412);
    expect((await d.request('DELETE', '/configs?type=cloud&name=default')).status).toBe(204);
    expect(await d.json('GET', '/configs?type=cloud')).toEqual([]);
    for (const [body, message] of [
      [{ name: 'default', content: v1 }, "'type' is required"],
      [{ type: 'cloud', content: v1 }, "'name' is required"],
      [{ type: 7, name: 'x', content: v1 }, "'type' must be a string"],
    ] as const) {
      const refused = await d.request('POST', '/configs', {
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
      expect([refused.status, JSON.parse(refused.body.toString())]).toEqual([
        400,
        { code: 440010, description: message },
      ]);
    }
    const runtime1 = 'addons:\n- name: a\n  jobs: []\n';
    const runtime2 = 'addons:\n- name: a\n  jobs: []\n- name: b\n  jobs: []\n';
    expect(
      (
        await d.request('POST', '/runtime_configs', {
          body: runtime1,
          headers: { 'content-type': 'text/yaml' },
        })
      ).status,
    ).toBe(201);
    expect(
      JSON.parse(
        (
          await d.request('POST', '/runtime_configs/diff', {
            body: runtime2,
            headers: { 'content-type': 'text/yaml' },
          })
        ).body.toString(),
      ),
    ).toEqual({
      diff: [
        ['addons:', null],
        ['- name: b', 'added'],
        ['  jobs: []', 'added'],
      ],
    });
    const configsBefore = await d.json('GET', '/configs?latest=false');
    expect(configsBefore).toHaveLength(1);
    const bad = await d.request('POST', '/configs', {
      body: JSON.stringify({ type: 'cloud', name: 'default', content: '- not a hash' }),
      headers: { 'content-type': 'application/json' },
    });
    expect([bad.status, JSON.parse(bad.body.toString())]).toEqual([
      400,
      { code: 440011, description: 'YAML hash expected' },
    ]);
  });
});
