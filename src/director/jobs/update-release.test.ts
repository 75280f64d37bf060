import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runJob, withJobHarness, type JobHarness } from '../../testing/director-job-harness.js';
import { buildReleaseTarball, type FixtureRelease } from '../../testing/director-release-fixtures.js';
import { RecordingTaskContext } from '../../testing/recording-task-context.js';
import { updateReleaseJob } from './update-release.js';

let h: JobHarness;
withJobHarness((opened) => (h = opened));

const release = (over: Partial<FixtureRelease> = {}): FixtureRelease => ({
  name: 'app',
  version: '1',
  packages: [{ name: 'base' }, { name: 'server', dependencies: ['base'] }],
  jobs: [{ name: 'web', packages: ['server'] }],
  ...over,
});

async function upload(r: FixtureRelease, options: { fix?: boolean; rebase?: boolean; sha1?: string } = {}) {
  const tarballPath = await buildReleaseTarball(h.work, r);
  const ctx = new RecordingTaskContext();
  const job = updateReleaseJob({ store: h.store, blobstore: h.blobstore, tmpDir: h.tmpDir });
  const outcome = await runJob(job, ctx, { tarballPath, fix: false, rebase: false, ...options });
  return { ...outcome, ctx, tarballPath };
}

const done = (stage: string, task = stage, index = 1, total = 1) => [
  `${stage} (${index}/${total}) > ${task}: started`,
  `${stage} (${index}/${total}) > ${task}: finished`,
];

describe('update_release', () => {
  it('stores a new release with stages, blobs and result as BOSH', async () => {
    const { result, error, ctx, tarballPath } = await upload(release());
    expect(error).toBeUndefined();
    expect(result).toBe("Created release 'app/1'");
    expect(ctx.eventLines).toEqual([
      ...done('Extracting release'),
      ...done('Verifying manifest'),
      ...done('Resolving package dependencies'),
      ...done('Creating new packages', 'base/base-v1', 1, 2),
      ...done('Creating new packages', 'server/server-v1', 2, 2),
      ...done('Creating new jobs', 'web/web-v1'),
      ...done('Release has been created', 'app/1'),
    ]);
    expect(ctx.locks).toEqual([{ name: 'lock:release:app', timeout: 300 }]);
    const stored = await h.store.releases.getVersion('app', '1');
    expect(stored).toMatchObject({ commitHash: 'abc1234', uncommittedChanges: false });
    expect(stored?.packages.map((p) => [p.name, p.version, p.fingerprint, p.dependencies])).toEqual([
      ['base', 'base-v1', 'base-fp1', []],
      ['server', 'server-v1', 'server-fp1', ['base']],
    ]);
    expect(stored?.jobs.map((j) => [j.name, j.packageNames, j.spec['templates']])).toEqual([
      ['web', ['server'], { 'ctl.erb': 'bin/ctl' }],
    ]);
    const blobs = [...(stored?.packages ?? []), ...(stored?.jobs ?? [])].map((r) => r.blobstoreId).sort();
    expect(await h.blobIds()).toEqual(blobs);
    expect(existsSync(tarballPath)).toBe(false);
    expect(await h.tmpEntries()).toEqual([]);
  });

  it('takes the same version again as a no-op: every package and job is an existing one', async () => {
    await upload(release());
    const blobs = await h.blobIds();
    const { result, ctx } = await upload(release());
    expect(result).toBe("Created release 'app/1'");
    expect(ctx.eventLines).toEqual([
      ...done('Extracting release'),
      ...done('Verifying manifest'),
      ...done('Resolving package dependencies'),
      ...done('Processing 2 existing packages'),
      ...done('Processing 1 existing job'),
      ...done('Release has been created', 'app/1'),
    ]);
    expect(await h.blobIds()).toEqual(blobs);
    expect((await h.store.releases.list())[0]?.versions).toHaveLength(1);
  });

  it('reuses packages and jobs of earlier versions by fingerprint', async () => {
    await upload(release());
    const first = await h.store.releases.getVersion('app', '1');
    const { result, ctx } = await upload(
      release({
        version: '2',
        packages: [{ name: 'base' }, { name: 'server', fingerprint: 'server-fp2', version: 'server-v2' }],
      }),
    );
    expect(result).toBe("Created release 'app/2'");
    expect(ctx.eventLines.filter((l) => l.endsWith('started'))).toEqual([
      'Extracting release (1/1) > Extracting release: started',
      'Verifying manifest (1/1) > Verifying manifest: started',
      'Resolving package dependencies (1/1) > Resolving package dependencies: started',
      'Creating new packages (1/1) > server/server-v2: started',
      'Processing 1 existing package (1/1) > Processing 1 existing package: started',
      'Processing 1 existing job (1/1) > Processing 1 existing job: started',
      'Release has been created (1/1) > app/2: started',
    ]);
    const second = await h.store.releases.getVersion('app', '2');
    expect(second?.packages.find((p) => p.name === 'base')?.id).toBe(first?.packages[0]?.id);
    expect(second?.jobs[0]?.id).toBe(first?.jobs[0]?.id);
  });

  it('copies the blob of a package another release has with the same fingerprint (upload without it)', async () => {
    await upload(release());
    const base = (await h.store.releases.getVersion('app', '1'))?.packages[0];
    const { result, ctx } = await upload(
      release({ name: 'other', packages: [{ name: 'base' }], jobs: [], omit: ['packages/base'] }),
    );
    expect(result).toBe("Created release 'other/1'");
    expect(ctx.eventLines).toContain('Creating new packages (1/1) > base/base-v1: finished');
    const copy = (await h.store.releases.getVersion('other', '1'))?.packages[0];
    expect(copy?.blobstoreId).not.toBe(base?.blobstoreId);
    expect(copy?.sha1).toBe(base?.sha1);
    expect(await h.blobstore.exists(copy?.blobstoreId ?? '')).toBe(true);
  });

  it('--fix replaces the blobs of existing packages and jobs, deleting the old ones', async () => {
    await upload(release());
    const before = await h.blobIds();
    const { result, ctx } = await upload(release(), { fix: true });
    expect(result).toBe("Created release 'app/1'");
    expect(ctx.eventLines).toContain(
      'Processing 2 existing packages (1/1) > Processing 2 existing packages: finished',
    );
    const after = await h.blobIds();
    expect(after).toHaveLength(3);
    expect(after.filter((id) => before.includes(id))).toEqual([]);
    const stored = await h.store.releases.getVersion('app', '1');
    expect([...(stored?.packages ?? []), ...(stored?.jobs ?? [])].map((r) => r.blobstoreId).sort()).toEqual(
      after,
    );
  });

  it('--rebase stores the next dev version', async () => {
    await upload(release({ version: '0+dev.1' }));
    const { result } = await upload(release({ version: '0+dev.1' }), { rebase: true });
    expect(result).toBe("Created release 'app/0+dev.2'");
    expect((await h.store.releases.list())[0]?.versions.map((v) => v.version)).toEqual([
      '0+dev.1',
      '0+dev.2',
    ]);
  });

  it('formats old-style dev versions and verifies the upload digest when given', async () => {
    const tarballPath = await buildReleaseTarball(h.work, release({ version: '1.2-dev' }));
    const { sha1File } = await import('../../testing/director-release-fixtures.js');
    const ctx = new RecordingTaskContext();
    const job = updateReleaseJob({ store: h.store, blobstore: h.blobstore, tmpDir: h.tmpDir });
    const sha1 = await sha1File(tarballPath);
    const { result } = await runJob(job, ctx, { tarballPath, fix: false, rebase: false, sha1 });
    expect(result).toBe("Created release 'app/1+dev.2'");
    expect(ctx.eventLines.slice(0, 2)).toEqual(done('Verifying remote release'));
    expect(ctx.debugLines).toContain("Formatted version '1.2-dev' => '1+dev.2'");
  });
});
