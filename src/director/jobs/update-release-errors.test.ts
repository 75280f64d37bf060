import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runJob, withJobHarness, type JobHarness } from '../../testing/director-job-harness.js';
import {
  buildReleaseTarball,
  defaultJobFiles,
  sha1File,
  type FixtureRelease,
} from '../../testing/director-release-fixtures.js';
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

async function uploadPath(tarballPath: string, options: { sha1?: string; fix?: boolean } = {}) {
  const ctx = new RecordingTaskContext();
  const job = updateReleaseJob({ store: h.store, blobstore: h.blobstore, tmpDir: h.tmpDir });
  return { ...(await runJob(job, ctx, { tarballPath, fix: false, rebase: false, ...options })), ctx };
}
const upload = async (r: FixtureRelease, options: { sha1?: string; fix?: boolean } = {}) =>
  uploadPath(await buildReleaseTarball(h.work, r), options);

/** Uploads `r`, expecting it to fail with `kind`/`message`, the last event failing with it, nothing new stored. */
async function expectRefused(
  r: FixtureRelease | string,
  kind: string,
  code: number,
  message: string | RegExp,
) {
  const releasesBefore = JSON.stringify(await h.store.releases.list());
  const blobsBefore = await h.blobIds();
  const { error, result, ctx } = typeof r === 'string' ? await uploadPath(r) : await upload(r);
  expect(result).toBeUndefined();
  expect({ kind: error?.kind, code: error?.code }).toEqual({ kind, code });
  if (typeof message === 'string') expect(error?.message).toBe(message);
  else expect(error?.message).toMatch(message);
  expect(ctx.recorded.at(-1)).toMatchObject({ state: 'failed', error: error?.message });
  expect(JSON.stringify(await h.store.releases.list())).toBe(releasesBefore);
  expect(await h.blobIds()).toEqual(blobsBefore);
  expect(await h.tmpEntries()).toEqual([]);
  return ctx;
}

describe('update_release refuses', () => {
  it('a file that is no tarball (ReleaseInvalidArchive), logging why', async () => {
    const path = join(h.work, 'junk.tgz');
    await writeFile(path, 'not a tarball at all');
    const ctx = await expectRefused(
      path,
      'ReleaseInvalidArchive',
      30002,
      'Extracting release archive failed. Check task debug log for details.',
    );
    expect(ctx.recorded.at(-1)?.stage).toBe('Extracting release');
    expect(ctx.debugLines.some((l) => l.startsWith(`Failed to extract release archive '${path}'`))).toBe(
      true,
    );
  });

  it('a tarball without release.MF (ReleaseManifestNotFound)', async () => {
    const ctx = await expectRefused(
      release({ withManifest: false }),
      'ReleaseManifestNotFound',
      30003,
      'Release manifest not found',
    );
    expect(ctx.recorded.at(-1)?.stage).toBe('Verifying manifest');
  });

  it.each([
    ['name', 'Invalid release name in release manifest: ""'],
    ['version', 'Invalid release version in release manifest: ""'],
  ])('a manifest without %s (ValidationInvalidValue)', async (field, message) => {
    const editManifest = (m: Record<string, unknown>) => ({ ...m, [field]: undefined });
    await expectRefused(release({ editManifest }), 'ValidationInvalidValue', 40005, message);
  });

  it('an invalid package version or release version format', async () => {
    const editManifest = (m: Record<string, unknown>) => ({
      ...m,
      packages: (m['packages'] as Array<Record<string, unknown>>).map((p) => ({ ...p, version: '' })),
    });
    await expectRefused(
      release({ editManifest }),
      'ValidationInvalidValue',
      40005,
      'Invalid package 1 version in release manifest: ""',
    );
    await expectRefused(
      release({ version: '1..2' }),
      'ReleaseVersionInvalid',
      30010,
      'Release version invalid: 1..2',
    );
  });

  it('an upload that does not have the digest given (ReleaseSha1DoesNotMatch)', async () => {
    const path = await buildReleaseTarball(h.work, release());
    const sha1 = await sha1File(path);
    const { error, ctx } = await uploadPath(path, { sha1: 'abcd1234' });
    expect(error?.kind).toBe('ReleaseSha1DoesNotMatch');
    expect(error?.message).toBe(`Expected stream to have digest 'abcd1234' but was '${sha1}'`);
    expect(ctx.eventLines.at(-1)).toBe(
      `Verifying remote release (1/1) > Verifying remote release: failed (${error?.message ?? ''})`,
    );
    const unknown = await uploadPath(await buildReleaseTarball(h.work, release()), {
      sha1: 'shaxyz:abcd1234',
    });
    expect(unknown.error?.message).toBe(
      "Computing digest from stream: Unable to create digest of unknown algorithm 'shaxyz'",
    );
    expect(await h.blobIds()).toEqual([]);
  });

  it('package and job archives that do not match their digests, deleting blobs already put', async () => {
    const ctx = await expectRefused(
      release({ digests: { 'packages/server': 'deadbeef' } }),
      'PackageInvalidArchive',
      60000,
      "Package 'server/server-v1' archive does not match its digest in the release manifest: " +
        "Expected stream to have digest 'deadbeef' but was '" +
        (await sha1File(await packageArchiveOf())) +
        "'",
    );
    expect(ctx.eventLines).toContain('Creating new packages (1/2) > base/base-v1: finished');
    await expectRefused(
      release({ digests: { 'jobs/web': 'sha256:00' } }),
      'JobInvalidArchive',
      80000,
      /^Job 'web\/web-v1' archive does not match its digest in the release manifest: Expected stream to have digest 'sha256:00' but was 'sha256:[0-9a-f]{64}'$/,
    );
  });

  it('a package archive missing from the tarball when the director has no blob for it', async () => {
    await expectRefused(
      release({ omit: ['packages/base'] }),
      'PackageInvalidArchive',
      60000,
      "Extracting package 'base/base-v1' archive failed. Check task debug log for details.",
    );
  });

  it('package dependency cycles and unknown dependencies', async () => {
    const packages = [
      { name: 'a', dependencies: ['b'] },
      { name: 'b', dependencies: ['a'] },
    ];
    const ctx = await expectRefused(release({ packages, jobs: [] }), 'DirectorError', 100, 'Cycle: a=>b=>a');
    expect(ctx.recorded.at(-1)?.stage).toBe('Resolving package dependencies');
    await expectRefused(
      release({ packages: [{ name: 'a', dependencies: ['zz'] }], jobs: [] }),
      'DirectorError',
      100,
      'Invalid edge: zz',
    );
  });
});

/** The digest a fixture package archive gets (archives are deterministic). */
async function packageArchiveOf(): Promise<string> {
  const { innerArchive } = await import('../../testing/director-release-fixtures.js');
  const out = join(h.work, 'probe', 'server.tgz');
  await innerArchive(h.work, out, { packaging: '# server\n' });
  return out;
}

describe('update_release checks each job', () => {
  const withJobFiles = (files: Record<string, string>) =>
    release({ jobs: [{ name: 'web', files: { ...defaultJobFiles({ name: 'web' }), ...files } }] });

  it.each([
    [
      { 'job.MF': 'name: other\n' },
      'JobInvalidName',
      80016,
      "Inconsistent name for job 'web'(exptected: 'web', got: 'other')",
    ],
    [
      { 'job.MF': 'name: web\ntemplates: {missing.erb: bin/x}\n' },
      'JobMissingTemplateFile',
      80002,
      "Missing template file 'missing.erb' for job 'web'",
    ],
    [
      { 'job.MF': 'name: web\nlogs: [a]\n' },
      'JobInvalidLogSpec',
      80005,
      "Job 'web' has invalid logs spec format",
    ],
    [
      { 'job.MF': 'name: web\nproperties: 1\n' },
      'JobInvalidPropertySpec',
      80008,
      "Job 'web' has invalid properties spec format",
    ],
    [
      { 'job.MF': 'name: web\npackages: x\n' },
      'JobInvalidPackageSpec',
      80012,
      "Job 'web' has invalid package spec format",
    ],
    [
      { 'job.MF': 'name: web\nprovides: [{name: a, type: t}, {name: a, type: t}]\n' },
      'JobDuplicateLinkName',
      80014,
      "Job 'web' specifies duplicate provides link with name 'a'",
    ],
    [
      { 'job.MF': 'name: web\nconsumes: [{name: a}]\n' },
      'JobInvalidLinkSpec',
      80013,
      "Each consumes item in the consumes section of the release spec must contain 'name' and 'type'",
    ],
  ])('job.MF %j → %s', async (files, kind, code, message) => {
    const ctx = await expectRefused(withJobFiles(files), kind, code, message);
    expect(ctx.recorded.at(-1)).toMatchObject({ stage: 'Creating new jobs', task: 'web/web-v1' });
  });

  it('a job without monit file or job.MF', async () => {
    const noMonit = release({ jobs: [{ name: 'web', files: { 'job.MF': 'name: web\n' } }] });
    await expectRefused(noMonit, 'JobMissingMonit', 80004, "Job 'web' is missing monit file");
    const noSpec = release({ jobs: [{ name: 'web', files: { monit: '' } }] });
    await expectRefused(noSpec, 'JobMissingManifest', 80001, "Missing job manifest for 'web'");
  });
});
