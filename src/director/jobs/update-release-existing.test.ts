import { beforeEach, describe, expect, it } from 'vitest';
import { runJob, withJobHarness, type JobHarness } from '../../testing/director-job-harness.js';
import { buildReleaseTarball, type FixtureRelease } from '../../testing/director-release-fixtures.js';
import { RecordingTaskContext } from '../../testing/recording-task-context.js';
import { updateReleaseJob } from './update-release.js';

let h: JobHarness;
withJobHarness((opened) => (h = opened));

const release = (over: Partial<FixtureRelease> = {}): FixtureRelease => ({
  name: 'app',
  version: '1',
  packages: [{ name: 'base' }],
  jobs: [{ name: 'web' }],
  ...over,
});

async function upload(r: FixtureRelease) {
  const tarballPath = await buildReleaseTarball(h.work, r);
  const ctx = new RecordingTaskContext();
  const job = updateReleaseJob({ store: h.store, blobstore: h.blobstore, tmpDir: h.tmpDir });
  return { ...(await runJob(job, ctx, { tarballPath, fix: false, rebase: false })), ctx };
}

/** A second upload of `app/1` that must fail without changing the store or the blobstore. */
async function expectConflict(r: FixtureRelease, kind: string, code: number, message: string) {
  const before = JSON.stringify(await h.store.releases.list());
  const blobs = await h.blobIds();
  const { error, ctx } = await upload(r);
  expect({ kind: error?.kind, code: error?.code, message: error?.message }).toEqual({ kind, code, message });
  // As in BOSH these checks run outside any stage task: the task's error is the only trace.
  expect(ctx.recorded.filter((e) => e.state === 'failed')).toEqual([]);
  expect(JSON.stringify(await h.store.releases.list())).toBe(before);
  expect(await h.blobIds()).toEqual(blobs);
}

describe('update_release of a version the director has', () => {
  beforeEach(async () => {
    expect((await upload(release())).result).toBe("Created release 'app/1'");
  });

  it('refuses another commit (ReleaseVersionCommitHashMismatch)', async () => {
    await expectConflict(
      release({ commitHash: 'fff0000', uncommittedChanges: true }),
      'ReleaseVersionCommitHashMismatch',
      30014,
      "release 'app/1' has already been uploaded with commit_hash as 'abc1234' and uncommitted_changes as 'true'",
    );
  });

  it('refuses a package with another fingerprint (ReleaseInvalidPackage)', async () => {
    await expectConflict(
      release({ packages: [{ name: 'base', fingerprint: 'other' }] }),
      'ReleaseInvalidPackage',
      30012,
      "package 'base' had different fingerprint in previously uploaded release 'app/1'",
    );
  });

  it('refuses a job with another fingerprint (ReleaseExistingJobFingerprintMismatch)', async () => {
    await expectConflict(
      release({ jobs: [{ name: 'web', fingerprint: 'other' }] }),
      'ReleaseExistingJobFingerprintMismatch',
      30013,
      "job 'web' had different fingerprint in previously uploaded release 'app/1'",
    );
  });

  it('refuses packages or jobs the stored version does not have (the store cannot add to a version)', async () => {
    await expectConflict(
      release({ packages: [{ name: 'base' }, { name: 'extra' }] }),
      'ReleaseAlreadyExists',
      30000,
      "release 'app/1' has already been uploaded without package 'extra'",
    );
    await expectConflict(
      release({ jobs: [{ name: 'web' }, { name: 'worker' }] }),
      'ReleaseAlreadyExists',
      30000,
      "release 'app/1' has already been uploaded without job 'worker'",
    );
  });

  it('keeps versions apart: a new version with the same packages stores nothing twice', async () => {
    const { result, ctx } = await upload(release({ version: '2' }));
    expect(result).toBe("Created release 'app/2'");
    expect(ctx.eventLines).toContain(
      'Processing 1 existing package (1/1) > Processing 1 existing package: finished',
    );
    expect(await h.blobIds()).toHaveLength(2);
    const [r] = await h.store.releases.list();
    expect(r?.versions.map((v) => [v.version, v.packages.length, v.jobs.length])).toEqual([
      ['1', 1, 1],
      ['2', 1, 1],
    ]);
  });
});
