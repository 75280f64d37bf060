import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJobHarness, runJob, type JobHarness } from '../../testing/director-job-harness.js';
import { buildReleaseTarball, type FixtureRelease } from '../../testing/director-release-fixtures.js';
import { RecordingTaskContext } from '../../testing/recording-task-context.js';
import type { Blobstore } from '../../ports/blobstore.js';
import { deleteReleaseJob } from './delete-release.js';
import { updateReleaseJob } from './update-release.js';

let h: JobHarness;
beforeEach(async () => {
  h = await openJobHarness();
  await upload({
    name: 'app',
    version: '1',
    packages: [{ name: 'base' }, { name: 'server' }],
    jobs: [{ name: 'web' }],
  });
  await upload({
    name: 'app',
    version: '1+dev.2',
    packages: [{ name: 'base' }, { name: 'server', fingerprint: 'fp2', version: 'server-v2' }],
    jobs: [{ name: 'web' }],
  });
});
afterEach(async () => {
  await h.close();
});

async function upload(r: FixtureRelease): Promise<void> {
  const tarballPath = await buildReleaseTarball(h.work, r);
  const job = updateReleaseJob({ store: h.store, blobstore: h.blobstore, tmpDir: h.tmpDir });
  const { error } = await runJob(job, new RecordingTaskContext(), { tarballPath, fix: false, rebase: false });
  expect(error).toBeUndefined();
}

async function remove(payload: { name: string; version?: string; force?: boolean }, blobstore?: Blobstore) {
  const ctx = new RecordingTaskContext();
  const job = deleteReleaseJob({ store: h.store, blobstore: blobstore ?? h.blobstore });
  return { ...(await runJob(job, ctx, { force: false, ...payload })), ctx };
}

const tasks = (ctx: RecordingTaskContext) => ctx.eventLines.filter((l) => l.endsWith('finished'));

describe('delete_release', () => {
  it('deletes a whole release: packages, jobs, versions and every blob', async () => {
    const { result, ctx } = await remove({ name: 'app' });
    expect(result).toBe('/release/app');
    expect(ctx.locks).toEqual([{ name: 'lock:release:app', timeout: 10 }]);
    expect(tasks(ctx)).toEqual([
      'Deleting packages (1/3) > base/base-v1: finished',
      'Deleting packages (2/3) > server/server-v1: finished',
      'Deleting packages (3/3) > server/server-v2: finished',
      'Deleting jobs (1/1) > web/web-v1: finished',
      'Deleting release versions (1/2) > app/1: finished',
      'Deleting release versions (2/2) > app/1+dev.2: finished',
    ]);
    expect(await h.store.releases.list()).toEqual([]);
    expect(await h.blobIds()).toEqual([]);
  });

  it('deletes one version with what only it uses, also named in the old format', async () => {
    const kept = await h.store.releases.getVersion('app', '1');
    const { result, ctx } = await remove({ name: 'app', version: '1.2-dev' });
    expect(result).toBe('/release/app');
    expect(tasks(ctx)).toEqual(['Deleting packages (1/1) > server/server-v2: finished']);
    const [release] = await h.store.releases.list();
    expect(release?.versions.map((v) => v.version)).toEqual(['1']);
    const blobs = [...(kept?.packages ?? []), ...(kept?.jobs ?? [])].map((r) => r.blobstoreId).sort();
    expect(await h.blobIds()).toEqual(blobs);
    await remove({ name: 'app', version: '1' });
    expect(await h.store.releases.list()).toEqual([]);
    expect(await h.blobIds()).toEqual([]);
  });

  it.each([
    [{ name: 'nope' }, 'ReleaseNotFound', 30005, "Release 'nope' doesn't exist"],
    [{ name: 'app', version: '7' }, 'ReleaseVersionNotFound', 30006, "Release version 'app/7' doesn't exist"],
    [{ name: 'app', version: '1..2' }, 'ReleaseVersionInvalid', 30010, 'Release version invalid: 1..2'],
  ])('refuses %j', async (payload, kind, code, message) => {
    const { error, ctx } = await remove(payload);
    expect({ kind: error?.kind, code: error?.code, message: error?.message }).toEqual({
      kind,
      code,
      message,
    });
    expect(ctx.recorded).toEqual([]);
  });

  it('never deletes what a deployment uses, even forced', async () => {
    await h.addDeployment('zoo', { releases: ['app/1'] });
    await h.addDeployment('cf', { releases: ['app/1'] });
    const blobs = await h.blobIds();
    const whole = await remove({ name: 'app', force: true });
    expect(whole.error?.kind).toBe('ReleaseInUse');
    expect(whole.error?.message).toBe("Release 'app' is still in use by: cf, zoo");
    const version = await remove({ name: 'app', version: '1', force: true });
    expect(version.error?.kind).toBe('ReleaseVersionInUse');
    expect(version.error?.message).toBe("ReleaseVersion 'app/1' is still in use by: cf, zoo");
    expect(await h.blobIds()).toEqual(blobs);
    expect((await remove({ name: 'app', version: '1+dev.2' })).result).toBe('/release/app');
  });

  it('fails on blobstore errors unless forced', async () => {
    const failing: Blobstore = {
      put: (path) => h.blobstore.put(path),
      get: (id, dest, digest) => h.blobstore.get(id, dest, digest),
      exists: (id) => h.blobstore.exists(id),
      delete: () => Promise.reject(new Error('blobstore down')),
    };
    const failed = await remove({ name: 'app' }, failing);
    expect(failed.error?.message).toBe('blobstore down');
    expect(failed.ctx.eventLines.at(-1)).toBe(
      'Deleting packages (1/3) > base/base-v1: failed (blobstore down)',
    );
    expect(await h.store.releases.list()).toHaveLength(1);
    const forced = await remove({ name: 'app', force: true }, failing);
    expect(forced.result).toBe('/release/app');
    expect(await h.store.releases.list()).toEqual([]);
  });
});
