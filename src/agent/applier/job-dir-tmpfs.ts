import { execFile } from 'node:child_process';
import { mkdir, readFile, realpath } from 'node:fs/promises';
import { promisify } from 'node:util';
import { wrapError } from '../../base/errors.js';
import { bool, field, root, str, struct } from '../../protocol/agent.js';
import type { Dirs } from '../dirs.js';

const run = promisify(execFile);

/** bosh-agent's default `env.bosh.job_dir.tmpfs_size`. */
export const DEFAULT_JOB_DIR_TMPFS_SIZE = '100m';

/** `env.bosh.job_dir` (settings.JobDir). */
export interface JobDirSettings {
  readonly tmpfs: boolean;
  /** As configured; empty means the default. */
  readonly tmpfsSize: string;
}

/** `env.bosh.job_dir` of the settings JSON, decoded as the agent decodes it (absent → no tmpfs). */
export function decodeJobDirSettings(settings: unknown): JobDirSettings {
  const at = root('settings.Settings');
  const o = struct(settings, at, 'settings.Settings');
  const envAt = field(at, 'Settings', 'env');
  const env = struct(o['env'], envAt, 'settings.Env');
  const boshAt = field(envAt, 'Env', 'bosh');
  const bosh = struct(env['bosh'], boshAt, 'settings.BoshEnv');
  const jobDirAt = field(boshAt, 'BoshEnv', 'job_dir');
  const jobDir = struct(bosh['job_dir'], jobDirAt, 'settings.JobDir');
  return {
    tmpfs: bool(jobDir['tmpfs'], field(jobDirAt, 'JobDir', 'tmpfs')),
    tmpfsSize: str(jobDir['tmpfs_size'], field(jobDirAt, 'JobDir', 'tmpfs_size')),
  };
}

/** Mounting as the agent does it: `mount tmpfs <dir> -t tmpfs -o size=<size>`, unless `dir` is a mount point. */
export interface TmpfsMounter {
  isMountPoint(dir: string): Promise<boolean>;
  mountTmpfs(dir: string, size: string): Promise<void>;
}

/** The `mount` command, mount points read from `/proc/self/mountinfo`; refuses early when not root. */
export class LinuxTmpfsMounter implements TmpfsMounter {
  constructor(
    private readonly uid: () => number | undefined = () => process.getuid?.(),
    private readonly mountinfo = '/proc/self/mountinfo',
  ) {}

  async isMountPoint(dir: string): Promise<boolean> {
    const path = await realpath(dir);
    const table = await readFile(this.mountinfo, 'utf8');
    return mountPoints(table).includes(path);
  }

  async mountTmpfs(dir: string, size: string): Promise<void> {
    const uid = this.uid();
    if (uid !== undefined && uid !== 0) {
      throw new Error(
        `env.bosh.job_dir.tmpfs needs the agent to run as root to mount a tmpfs (it runs as uid ${String(uid)})`,
      );
    }
    try {
      await run('mount', ['tmpfs', dir, '-t', 'tmpfs', '-o', `size=${size}`]);
    } catch (e) {
      const stderr = (e as { stderr?: unknown }).stderr;
      const detail = typeof stderr === 'string' && stderr.trim() !== '' ? `: ${stderr.trim()}` : '';
      throw wrapError(new Error(`${errorText(e)}${detail}`), 'Shelling out to mount');
    }
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
}

/** The mount points (5th field, octal escapes undone) of a `/proc/<pid>/mountinfo` table. */
export function mountPoints(mountinfo: string): string[] {
  return mountinfo
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => p !== undefined && p !== '')
    .map((p) => p.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8))));
}

export interface JobDirTmpfsDeps {
  readonly dirs: Dirs;
  /** The settings as the agent loaded them (the cached `bosh/settings.json` by default). */
  readonly settings?: () => Promise<JobDirSettings>;
  readonly mounter?: TmpfsMounter;
}

/**
 * `env.bosh.job_dir.tmpfs`: the installed jobs (`data/jobs`, where rendered templates — secrets included — are
 * unpacked) live on a tmpfs of `tmpfs_size` (default 100m), so they never reach the disk. bosh-agent mounts it
 * (and one on `data/sensitive_blobs`) while setting up the data dir at boot; `ensureJobsDir` is called before jobs
 * are installed and mounts it unless it is mounted already, and `ensureAll` covers both directories for the boot.
 */
export class JobDirTmpfs {
  private readonly mounter: TmpfsMounter;

  constructor(private readonly deps: JobDirTmpfsDeps) {
    this.mounter = deps.mounter ?? new LinuxTmpfsMounter();
  }

  async ensureJobsDir(): Promise<void> {
    await this.ensure([this.deps.dirs.dataJobs]);
  }

  async ensureAll(): Promise<void> {
    await this.ensure([this.deps.dirs.dataJobs, this.deps.dirs.sensitiveBlobs]);
  }

  private async ensure(dirs: readonly string[]): Promise<void> {
    const settings = await (this.deps.settings ?? (() => cachedSettings(this.deps.dirs)))();
    if (!settings.tmpfs) return;
    const size = settings.tmpfsSize === '' ? DEFAULT_JOB_DIR_TMPFS_SIZE : settings.tmpfsSize;
    for (const dir of dirs) {
      try {
        await mkdir(dir, { recursive: true, mode: 0o750 });
        if (await this.mounter.isMountPoint(dir)) continue;
        await this.mounter.mountTmpfs(dir, size);
      } catch (e) {
        throw wrapError(e, `Mounting tmpfs to ${dir}`);
      }
    }
  }
}

/** `env.bosh.job_dir` of the settings the agent cached at boot (`bosh/settings.json`); none → no tmpfs. */
async function cachedSettings(dirs: Dirs): Promise<JobDirSettings> {
  let text: string;
  try {
    text = await readFile(dirs.settingsFile, 'utf8');
  } catch {
    return { tmpfs: false, tmpfsSize: '' };
  }
  try {
    return decodeJobDirSettings(JSON.parse(text));
  } catch (e) {
    throw wrapError(e, 'Reading env.bosh.job_dir from the settings');
  }
}
