import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorChainMessage, toError } from '../../base/errors.js';
import { Dirs } from '../dirs.js';
import {
  decodeJobDirSettings,
  JobDirTmpfs,
  LinuxTmpfsMounter,
  mountPoints,
  type TmpfsMounter,
} from './job-dir-tmpfs.js';

class FakeMounter implements TmpfsMounter {
  readonly mounted = new Map<string, string>();
  isMountPoint(dir: string): Promise<boolean> {
    return Promise.resolve(this.mounted.has(dir));
  }
  mountTmpfs(dir: string, size: string): Promise<void> {
    this.mounted.set(dir, size);
    return Promise.resolve();
  }
}

let root: string;
let dirs: Dirs;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'job-dir-tmpfs-'));
  dirs = new Dirs(join(root, 'vm'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('env.bosh.job_dir', () => {
  it('decodes tmpfs and tmpfs_size; absent means no tmpfs', () => {
    expect(decodeJobDirSettings({ env: { bosh: { job_dir: { tmpfs: true, tmpfs_size: '64m' } } } })).toEqual({
      tmpfs: true,
      tmpfsSize: '64m',
    });
    expect(decodeJobDirSettings({})).toEqual({ tmpfs: false, tmpfsSize: '' });
    expect(() => decodeJobDirSettings({ env: { bosh: { job_dir: { tmpfs: 'yes' } } } })).toThrow(
      'json: cannot unmarshal string into Go struct field JobDir.env.bosh.job_dir.tmpfs of type bool',
    );
  });

  it('reads mount points from mountinfo, undoing octal escapes', () => {
    const table = [
      '22 1 0:21 / / rw,relatime - ext4 /dev/vda rw',
      '86 66 0:40 / /tmp/a\\040b/data/jobs rw,relatime - tmpfs tmpfs rw,size=1024k',
      '',
    ].join('\n');
    expect(mountPoints(table)).toEqual(['/', '/tmp/a b/data/jobs']);
  });
});

describe('JobDirTmpfs', () => {
  it('mounts data/jobs with the configured size (100m by default) once', async () => {
    const mounter = new FakeMounter();
    const t = new JobDirTmpfs({
      dirs,
      mounter,
      settings: () => Promise.resolve({ tmpfs: true, tmpfsSize: '' }),
    });
    await t.ensureJobsDir();
    await t.ensureJobsDir();
    expect([...mounter.mounted]).toEqual([[dirs.dataJobs, '100m']]);
    await t.ensureAll();
    expect([...mounter.mounted]).toEqual([
      [dirs.dataJobs, '100m'],
      [dirs.sensitiveBlobs, '100m'],
    ]);
  });

  it('reads the cached settings file by default and does nothing without job_dir.tmpfs', async () => {
    const mounter = new FakeMounter();
    const t = new JobDirTmpfs({ dirs, mounter });
    await t.ensureJobsDir();
    expect(mounter.mounted.size).toBe(0);
    await mkdir(dirs.bosh, { recursive: true });
    await writeFile(
      dirs.settingsFile,
      JSON.stringify({ env: { bosh: { job_dir: { tmpfs: true, tmpfs_size: '32m' } } } }),
    );
    await t.ensureJobsDir();
    expect([...mounter.mounted]).toEqual([[dirs.dataJobs, '32m']]);
  });

  it('fails clearly when the agent is not root', async () => {
    const mounter = new LinuxTmpfsMounter(() => 1000);
    const t = new JobDirTmpfs({
      dirs,
      mounter,
      settings: () => Promise.resolve({ tmpfs: true, tmpfsSize: '8m' }),
    });
    const failure = await t.ensureJobsDir().then(
      () => 'mounted',
      (e: unknown) => errorChainMessage(toError(e)),
    );
    expect(failure).toBe(
      `Mounting tmpfs to ${dirs.dataJobs}: env.bosh.job_dir.tmpfs needs the agent to run as root to mount a tmpfs (it runs as uid 1000)`,
    );
  });
});
