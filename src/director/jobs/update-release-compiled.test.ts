import { describe, expect, it } from 'vitest';
import { runJob, withJobHarness, type JobHarness } from '../../testing/director-job-harness.js';
import { buildReleaseTarball, type FixtureRelease } from '../../testing/director-release-fixtures.js';
import { RecordingTaskContext } from '../../testing/recording-task-context.js';
import { updateReleaseJob } from './update-release.js';

let h: JobHarness;
withJobHarness((opened) => (h = opened));

const compiled = (over: Partial<FixtureRelease> = {}): FixtureRelease => ({
  name: 'app',
  version: '1',
  compiled: true,
  packages: [{ name: 'base' }, { name: 'server', dependencies: ['base'] }],
  jobs: [{ name: 'web', packages: ['server'] }],
  ...over,
});

async function upload(r: FixtureRelease) {
  const tarballPath = await buildReleaseTarball(h.work, r);
  const ctx = new RecordingTaskContext();
  const job = updateReleaseJob({ store: h.store, blobstore: h.blobstore, tmpDir: h.tmpDir });
  return { ...(await runJob(job, ctx, { tarballPath, fix: false, rebase: false })), ctx };
}

const started = (lines: string[]) => lines.filter((l) => l.endsWith(': started'));

describe('update_release of a compiled release', () => {
  it('stores packages without source and their compiled packages, with dependency keys', async () => {
    const { result, ctx } = await upload(compiled());
    expect(result).toBe("Created release 'app/1'");
    expect(started(ctx.eventLines)).toEqual([
      'Extracting release (1/1) > Extracting release: started',
      'Verifying manifest (1/1) > Verifying manifest: started',
      'Resolving package dependencies (1/1) > Resolving package dependencies: started',
      'Creating new packages (1/2) > base/base-v1: started',
      'Creating new packages (2/2) > server/server-v1: started',
      'Creating new compiled packages (1/2) > base/base-v1 for ubuntu-jammy/1.18: started',
      'Creating new compiled packages (2/2) > server/server-v1 for ubuntu-jammy/1.18: started',
      'Creating new jobs (1/1) > web/web-v1: started',
      'Compiled Release has been created (1/1) > app/1: started',
    ]);
    const version = await h.store.releases.getVersion('app', '1');
    expect(version?.packages.map((p) => [p.name, p.blobstoreId, p.sha1])).toEqual([
      ['base', null, null],
      ['server', null, null],
    ]);
    const server = version?.packages.find((p) => p.name === 'server');
    const [cp] = await h.store.releases.compiledPackages(server?.id ?? 0);
    expect(cp).toMatchObject({
      stemcellOs: 'ubuntu-jammy',
      stemcellVersion: '1.18',
      build: 1,
      dependencyKey: '[["base","base-v1"]]',
    });
    expect(cp?.sha1).toMatch(/^[0-9a-f]{40}$/);
    expect(await h.blobIds()).toHaveLength(3);
  });

  it('does nothing expensive on a second upload of the same compiled release', async () => {
    await upload(compiled());
    const blobs = await h.blobIds();
    const { result, ctx } = await upload(compiled());
    expect(result).toBe("Created release 'app/1'");
    expect(started(ctx.eventLines).slice(3)).toEqual([
      'Processing 1 existing job (1/1) > Processing 1 existing job: started',
      'Compiled Release has been created (1/1) > app/1: started',
    ]);
    expect(await h.blobIds()).toEqual(blobs);
  });

  it('adds source blobs when the source release of a compiled one is uploaded', async () => {
    await upload(compiled());
    const { result, ctx } = await upload(compiled({ compiled: false }));
    expect(result).toBe("Created release 'app/1'");
    expect(ctx.eventLines).toContain(
      'Processing 2 existing packages (1/1) > Processing 2 existing packages: finished',
    );
    const version = await h.store.releases.getVersion('app', '1');
    expect(version?.packages.every((p) => p.blobstoreId !== null && p.sha1 !== null)).toBe(true);
    expect(await h.blobIds()).toHaveLength(5);
  });

  it('compiles onto the packages of an earlier version with the same fingerprint', async () => {
    await upload(compiled({ compiled: false }));
    const { result, ctx } = await upload(compiled({ version: '2' }));
    expect(result).toBe("Created release 'app/2'");
    expect(started(ctx.eventLines).slice(3, 6)).toEqual([
      'Processing 2 existing packages (1/1) > Processing 2 existing packages: started',
      'Creating new compiled packages (1/2) > base/base-v1 for ubuntu-jammy/1.18: started',
      'Creating new compiled packages (2/2) > server/server-v1 for ubuntu-jammy/1.18: started',
    ]);
    const base = (await h.store.releases.getVersion('app', '1'))?.packages[0];
    expect(await h.store.releases.compiledPackages(base?.id ?? 0)).toHaveLength(1);
  });

  it('refuses compiled packages for a version the director has (the store cannot add to a version)', async () => {
    await upload(compiled({ compiled: false }));
    const blobs = await h.blobIds();
    const { error } = await upload(compiled());
    expect(error?.kind).toBe('ReleaseAlreadyExists');
    expect(error?.message).toBe(
      "release 'app/1' has already been uploaded without compiled package 'base/base-v1' for ubuntu-jammy/1.18",
    );
    expect(await h.blobIds()).toEqual(blobs);
  });

  it('refuses a stemcell that is not <os>/<version>', async () => {
    const { error } = await upload(compiled({ packages: [{ name: 'base', stemcell: 'jammy' }] }));
    expect(error?.message).toBe(
      'Expected value to be in the format of "{os_name}/{stemcell_version}", but given "jammy"',
    );
    expect(await h.store.releases.list()).toEqual([]);
  });
});
