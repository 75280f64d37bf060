import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReleaseTarball } from '../../src/testing/director-release-fixtures.js';
import { buildLocalStemcell, DB_KINDS, DirectorProcess, dropDatabases, runBosh } from './harness.js';

// Our `bosh` CLI against a real director process: what a user types, what they see.
const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;
let director: DirectorProcess | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'it-director-cli-'));
});
afterEach(async () => {
  await director?.stop();
  director = undefined;
  await rm(dir, { recursive: true, force: true });
});
afterAll(() => dropDatabases());

/** Our `bosh` CLI with a HOME of its own under the test dir. */
const bosh = (d: DirectorProcess, args: readonly string[], env: Record<string, string> = {}, cwd = dir) =>
  runBosh(d, args, { home: join(dir, 'home'), cwd, env });

describe.each(DB_KINDS)('the bosh CLI against the director on %s', { timeout: 180_000 }, (db) => {
  let d: DirectorProcess;
  let admin: Record<string, string>;
  beforeEach(async () => {
    director = await DirectorProcess.start(join(dir, 'director'), { db });
    d = director;
    admin = { BOSH_CLIENT: 'admin', BOSH_CLIENT_SECRET: d.password };
  });

  it('logs in, uploads a stemcell and releases (tarball and directory), and lists them', async () => {
    const env = await bosh(d, ['env'], admin);
    expect(env.code).toBe(0);
    expect(env.stdout).toContain('bosh-ts');
    expect(env.stdout).toMatch(/User\s+admin/);
    const anonymous = await bosh(d, ['env']);
    expect(anonymous.stdout).toMatch(/User\s+\(not logged in\)/);

    const stemcell = buildLocalStemcell(dir);
    const upStemcell = await bosh(d, ['upload-stemcell', stemcell], admin);
    expect(upStemcell.stderr).toBe('');
    expect(upStemcell.code).toBe(0);
    expect(upStemcell.stdout).toMatch(
      /Task 1 \| \d\d:\d\d:\d\d \| Update stemcell: Extracting stemcell archive \(00:00:0\d\)/,
    );
    expect(upStemcell.stdout).toMatch(/Task 1 done/);

    const tarball = await buildReleaseTarball(dir, { name: 'app', version: '1', jobs: [{ name: 'web' }] });
    const upTarball = await bosh(d, ['upload-release', tarball], admin);
    expect(upTarball.code).toBe(0);
    expect(upTarball.stdout).toMatch(/Release has been created: app\/1/);

    const release = join(dir, 'hello-release');
    await cp(join(ROOT, 'examples', 'hello-release'), release, {
      recursive: true,
      // Only the sources: a developer's local dev builds are not part of the example.
      filter: (src) => !/\/(\.dev_builds|dev_releases|\.final_builds\/.*\.tgz)(\/|$)/.test(src),
    });
    const upDir = await bosh(d, ['upload-release', release], admin, release);
    expect(upDir.stderr).toBe('');
    expect(upDir.code).toBe(0);

    const releases = await bosh(d, ['releases', '--json'], admin);
    const rows =
      (JSON.parse(releases.stdout) as { Tables: Array<{ Rows: Array<Record<string, string>> }> }).Tables[0]
        ?.Rows ?? [];
    expect(rows.map((r) => r.name).sort()).toEqual(['app', 'hello']);
    const stemcells = await bosh(d, ['stemcells'], admin);
    expect(stemcells.stdout).toContain('bosh-local-debian-bookworm-go_agent');

    const tasks = await bosh(d, ['tasks', '-r'], admin);
    expect(tasks.stdout).toContain('create release');
    expect(tasks.stdout).toContain('create stemcell');
    const task = await bosh(d, ['task', '1'], admin);
    expect(task.stdout).toContain('Task 1 | ');
    expect(task.code).toBe(0);
    const raw = await bosh(d, ['task', '1', '--event'], admin);
    expect(raw.stdout).toContain('"stage":"Update stemcell"');
    const locks = await bosh(d, ['locks'], admin);
    expect(locks.stdout).toContain('0 locks');
    const events = await bosh(d, ['events'], admin);
    expect(events.stdout).toMatch(/acquire\s+lock\s+lock:stemcells:bosh-local-debian-bookworm-go_agent:1\.0/);
    expect(events.stdout).toMatch(/release\s+lock\s+lock:release:app/);
  });

  it('aliases the environment, logs in and out, sharing ~/.bosh/config', async () => {
    const caFile = join(dir, 'ca.pem');
    const { writeFile, readFile } = await import('node:fs/promises');
    await writeFile(caFile, d.ca);
    const noEnv = { BOSH_ENVIRONMENT: '', BOSH_CA_CERT: '' };
    expect((await bosh(d, ['alias-env', 'local', '-e', d.url, '--ca-cert', caFile], noEnv)).code).toBe(0);
    const login = await bosh(d, ['-e', 'local', 'log-in'], { ...noEnv, ...admin });
    expect(login.stdout).toContain(`Logged in to '${d.url}'`);
    const config = await readFile(join(dir, 'home', '.bosh', 'config'), 'utf8');
    expect(config).toContain('alias: local');
    expect(config).toContain('username: admin');
    expect((await bosh(d, ['-e', 'local', 'env'], noEnv)).stdout).toMatch(/User\s+admin/);
    expect((await bosh(d, ['-e', 'local', 'log-out'], noEnv)).stdout).toContain(`Logged out from '${d.url}'`);
    expect((await bosh(d, ['-e', 'local', 'env'], noEnv)).stdout).toMatch(/User\s+\(not logged in\)/);
    const wrong = await bosh(d, ['-e', 'local', 'log-in'], {
      ...noEnv,
      BOSH_CLIENT: 'admin',
      BOSH_CLIENT_SECRET: 'nope',
    });
    expect(wrong.code).toBe(1);
  });

  it('updates and shows the cloud config with a diff', async () => {
    const cc = join(dir, 'cc.yml');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(cc, 'azs:\n- name: z1\n');
    const first = await bosh(d, ['update-cloud-config', cc], admin);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('+ azs:');
    await writeFile(cc, 'azs:\n- name: z1\n- name: z2\n');
    const second = await bosh(d, ['update-cloud-config', cc], admin);
    expect(second.stdout).toContain('+ - name: z2');
    const shown = await bosh(d, ['cloud-config'], admin);
    expect(shown.stdout).toContain('- name: z2');
    const denied = await bosh(d, ['cloud-config'], { BOSH_CLIENT: 'admin', BOSH_CLIENT_SECRET: 'wrong' });
    expect(denied.code).toBe(1);
  });
});
