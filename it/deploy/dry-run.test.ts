import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpiCalls, taskId, withDirectorDb } from './query-support.js';
import { cpiDir, perTestDeployEnv, type DeployEnv } from './support.js';
import { writeWebManifest } from './web-release.js';

// `bosh deploy --dry-run` has no side effects at all: the deployment's tables, the config server's values, the
// blobstore and the CPI's VMs and disks are the same before and after, on a first deploy and on a change, and a
// template error still fails it. The task reports per instance what would change and why.
const deployEnv = perTestDeployEnv();

// Task bookkeeping is expected to change (the dry run is a task); everything else must not.
const BOOKKEEPING = new Set(['tasks', 'locks', 'events', 'kysely_migration', 'kysely_migration_lock']);

/** Every row of every table but the task bookkeeping, and the blobstore and CPI directory listings. */
function snapshot(e: DeployEnv): string {
  return withDirectorDb(e, (db) => {
    const tables = (
      db.prepare("select name from sqlite_master where type = 'table' order by name").all() as {
        name: string;
      }[]
    )
      .map((t) => t.name)
      .filter((t) => !BOOKKEEPING.has(t) && !t.startsWith('sqlite_'));
    const rows = tables.map((t) => [t, db.prepare(`select * from "${t}"`).all()]);
    const list = (p: string): string[] => (existsSync(p) ? readdirSync(p).sort() : []);
    return JSON.stringify({
      rows,
      blobs: list(join(e.dir, 'director', 'blobstore')),
      vms: list(cpiDir(e, 'vms')),
      disks: list(cpiDir(e, 'disks')),
    });
  });
}

const manifest = (e: DeployEnv, message: string) =>
  writeWebManifest(e.dir, 'demo', {
    instances: 2,
    watch: '1000-30000',
    update: { max_in_flight: 2 },
    properties: { message },
    group: { persistent_disk: 1024 },
    extra: { variables: [{ name: 'secret', type: 'password' }] },
  });

describe('bosh deploy --dry-run', { timeout: 300_000 }, () => {
  it('changes nothing on a first deploy and on a change, and reports what would change', async () => {
    const e = await deployEnv('it-dry-run-');
    const before = snapshot(e);
    const first = await e.bosh(['-n', '-d', 'demo', 'deploy', await manifest(e, '((secret))'), '--dry-run']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Task \d+ \| .* \| Dry run: web\/[0-9a-f-]+ \(0\): create \(new instance\)/);
    expect(first.stdout).toMatch(/Dry run: web\/[0-9a-f-]+ \(1\): create \(new instance\)/);
    expect(first.stdout).not.toContain('Compiling packages');
    expect(first.stdout).not.toContain('Creating missing vms');
    expect(snapshot(e)).toBe(before);
    expect((await e.bosh(['deployments'])).stdout).toContain('0 deployments');

    const deploy = await e.bosh(['-n', '-d', 'demo', 'deploy', await manifest(e, '((secret))')]);
    expect(deploy.code).toBe(0);
    const deployed = snapshot(e);
    const changed = await e.bosh(['-n', '-d', 'demo', 'deploy', await manifest(e, 'plain'), '--dry-run']);
    expect(changed.code).toBe(0);
    expect(changed.stdout).toMatch(/Dry run: web\/[0-9a-f-]+ \(0\): update \(.*\)/);
    expect(changed.stdout).not.toContain('Updating instance');
    expect(snapshot(e)).toBe(deployed);
    const task = taskId(changed.stdout) ?? '';
    expect(await cpiCalls(e, changed.stdout)).toEqual([]);
    expect(await e.director.json('GET', `/tasks/${task}`)).toMatchObject({
      description: 'create deployment (dry run)',
      state: 'done',
    });

    // Nothing changed really: a plain deploy of the same manifest still sees the change.
    const real = await e.bosh(['-n', '-d', 'demo', 'deploy', await manifest(e, 'plain')]);
    expect(real.code).toBe(0);
    expect(real.stdout).toContain('Updating instance web');
  });

  it('fails on a template error like a deploy, and still changes nothing', async () => {
    const e = await deployEnv('it-dry-run-error-');
    const before = snapshot(e);
    const bad = await writeWebManifest(e.dir, 'demo', {
      instances: 1,
      watch: '1000-30000',
      properties: { message: '((missing))' },
    });
    const run = await e.bosh(['-n', '-d', 'demo', 'deploy', bad, '--dry-run']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("Failed to find variable '/bosh-ts/demo/missing' from config server");
    expect(snapshot(e)).toBe(before);
  });
});
