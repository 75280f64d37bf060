import { readdirSync, readFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { emitYaml } from '../../src/base/yaml/emit.js';
import {
  DEFAULT_PASSWORD_LENGTH,
  KEY_FILE_NAME,
  loadValueCipher,
  NOT_FOUND_ERROR,
} from '../../src/director/config-server/index.js';
import { httpGet } from '../../test/support/http-get.js';
import { vmRows, withDirectorDb } from './query-support.js';
import { cpiDir, perTestDeployEnv, type DeployEnv } from './support.js';
import { writeWebManifest } from './web-release.js';

// The built-in config server in deploys: the manifest's `variables:` generated at the start of a deploy, job
// properties rendered with their values (pinned in the deployment's variable set), `bosh variables` listing them,
// the values encrypted in the director's database and, with tmpfs job dirs, nowhere on the VM's disk.
const deployEnv = perTestDeployEnv();

const VARIABLES = [
  { name: 'admin_password', type: 'password' },
  { name: 'ca', type: 'certificate', options: { is_ca: true, common_name: 'ca' } },
];
const PASSWORD = new RegExp(`^([a-z0-9]{${String(DEFAULT_PASSWORD_LENGTH)}}) from [0-9a-f-]{36}\n$`);

/** A manifest whose `web` job serves `((admin_password))` as its index.html. */
const manifest = (e: DeployEnv, name: string, extra: Record<string, unknown> = {}, group = {}) =>
  writeWebManifest(e.dir, name, {
    instances: 1,
    watch: '1000-30000',
    properties: { message: '((admin_password))' },
    extra: { variables: VARIABLES, ...extra },
    group,
  });

async function onlyVm(e: DeployEnv, deployment: string): Promise<{ cid: string; ip: string }> {
  const rows = await vmRows(e, deployment);
  expect(rows).toHaveLength(1);
  return { cid: rows[0]?.cid ?? '', ip: rows[0]?.ip ?? '' };
}

/** Mount points on this host: what the VM mounted (a tmpfs) is not its disk. */
const mountPoints = (): Set<string> =>
  new Set(
    readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[4] ?? ''),
  );

/** The files under `dir` (not following links, not entering mount points) whose bytes contain `secret`. */
function filesContaining(dir: string, secret: string, mounts = mountPoints()): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const stat = lstatSync(path);
    if (stat.isDirectory() && !mounts.has(path)) found.push(...filesContaining(path, secret, mounts));
    else if (stat.isFile() && readFileSync(path).includes(secret)) found.push(path);
  }
  return found;
}

/** A new version of a value, encrypted with the director's key, straight into its config server's table. */
async function storeVersion(directorDir: string, name: string, value: string): Promise<void> {
  const cipher = await loadValueCipher({ keyFile: join(directorDir, KEY_FILE_NAME) });
  const db = new SqliteDatabase(join(directorDir, 'director.db'));
  db.prepare(
    'insert into config_server_values (name, type, ciphertext, generation_digest, created_at) values (?, ?, ?, ?, ?)',
  ).run(name, 'password', cipher.encrypt(name, emitYaml(value)), '', Math.floor(Date.now() / 1000));
  db.close();
}

describe('variables in deploys', { timeout: 300_000 }, () => {
  it('generates, renders, lists and keeps the values; the database holds them encrypted', async () => {
    const e = await deployEnv('it-variables-');
    const path = await manifest(e, 'vars');
    const deploy = await e.bosh(['-d', 'vars', 'deploy', path]);
    expect(deploy.stderr).toBe('');
    expect(deploy.code).toBe(0);

    const { cid } = await onlyVm(e, 'vars');
    const jobDir = join(cpiDir(e, 'vms', cid), 'data', 'jobs', 'web');
    const index = (): string => join(jobDir, readdirSync(jobDir)[0] ?? '', 'public', 'index.html');
    const rendered = readFileSync(index(), 'utf8');
    const password = PASSWORD.exec(rendered)?.[1] ?? '';
    expect(password).not.toBe('');
    // Without a tmpfs job dir the rendered file is on the VM's disk (the tmpfs test's search finds it here).
    expect(filesContaining(cpiDir(e, 'vms', cid), password)).toEqual([index()]);

    // bosh variables: the config server ids and BOSH's absolute names, as bosh-cli's table prints them.
    type Listed = { id: string; name: string }[];
    const api = (await e.director.json('GET', '/deployments/vars/variables')) as Listed;
    expect(api.map((v) => v.name).sort()).toEqual(['/bosh-ts/vars/admin_password', '/bosh-ts/vars/ca']);
    const listed = await e.bosh(['-d', 'vars', 'variables']);
    expect(listed.code).toBe(0);
    const rows = [...api]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((v) => `${v.id.padEnd(2)}  ${v.name}  `);
    expect(listed.stdout).toContain(`ID  Name  \n${rows.join('\n')}\n\n2 variables\n`);

    // Stored encrypted: no plaintext in the database files, each row an AES-256-GCM text.
    type Stored = { name: string; ciphertext: string }[];
    const query = 'select name, ciphertext from config_server_values';
    const stored = withDirectorDb(e, (db) => db.prepare(query).all() as Stored);
    expect(stored.map((r) => r.name).sort()).toEqual(['/bosh-ts/vars/admin_password', '/bosh-ts/vars/ca']);
    for (const r of stored) expect(r.ciphertext).toMatch(/^aes256gcm:v1:[^:]+:[^:]+:[^:]+$/);
    // Nor anywhere else the director keeps (database, task logs, the rendered archives' blobs) but the VM.
    const director = join(e.dir, 'director');
    expect(filesContaining(director, password).filter((f) => !f.startsWith(join(director, 'cpi')))).toEqual(
      [],
    );
    expect(e.director.output).not.toContain(password);

    // A second deploy: the same values (the set pins them), no instance touched.
    const again = await e.bosh(['-d', 'vars', 'deploy', path]);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('Updating instance');
    expect(readFileSync(index(), 'utf8')).toBe(rendered);
    expect(await e.director.json('GET', '/deployments/vars/variables')).toEqual(api);

    // A new version of the value (as a regenerate in the config server makes): the next deploy renders it.
    const regenerated = 'regenerated'.padEnd(DEFAULT_PASSWORD_LENGTH, '0');
    await storeVersion(director, '/bosh-ts/vars/admin_password', regenerated);
    const next = await e.bosh(['-d', 'vars', 'deploy', path]);
    expect(next.code).toBe(0);
    expect(next.stdout).toMatch(/Updating instance web: web\/[0-9a-f-]+ \(0\) \(canary\)/);
    expect(readFileSync(index(), 'utf8')).toMatch(new RegExp(`^${regenerated} from `));
  });

  it("fails a deploy whose property names a variable the config server does not have, with BOSH's error", async () => {
    const e = await deployEnv('it-variables-');
    const path = await writeWebManifest(e.dir, 'broken', {
      instances: 1,
      watch: '1000-30000',
      properties: { message: '((missing))' },
    });
    const deploy = await e.bosh(['-d', 'broken', 'deploy', path]);
    expect(deploy.code).toBe(1);
    expect(deploy.stdout).toContain(
      'Error: Unable to render instance groups for deployment. Errors are:\n' +
        "  - Unable to render jobs for instance group 'web'. Errors are:\n" +
        "    - Unable to render templates for job 'web'. Errors are:\n" +
        "      - Failed to find variable '/bosh-ts/broken/missing' from config server: HTTP Code '404', " +
        `Error: '${NOT_FOUND_ERROR}'`,
    );
  });
});

describe.skipIf(process.getuid?.() !== 0)('variables with tmpfs job dirs', { timeout: 300_000 }, () => {
  it('keeps the rendered password off the VM disk (use_tmpfs_config, env.bosh.job_dir.tmpfs)', async () => {
    const e = await deployEnv('it-variables-tmpfs-');
    const feature = await manifest(e, 'feature', { features: { use_tmpfs_config: true } });
    const jobDir = await manifest(e, 'jobdir', {}, { env: { bosh: { job_dir: { tmpfs: true } } } });
    for (const [name, path] of [
      ['feature', feature],
      ['jobdir', jobDir],
    ] as const) {
      const deploy = await e.bosh(['-d', name, 'deploy', path]);
      expect(deploy.stderr).toBe('');
      expect(deploy.code).toBe(0);
      const { cid, ip } = await onlyVm(e, name);
      // The rendered index.html as the VM's web server serves it (from wherever the job dir is mounted).
      const password = PASSWORD.exec(await httpGet(ip, 8080, '/index.html'))?.[1] ?? '';
      expect(password).not.toBe('');
      expect(filesContaining(cpiDir(e, 'vms', cid), password)).toEqual([]);
    }
  });
});
