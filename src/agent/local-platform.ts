import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { wrapError } from '../base/errors.js';
import { isObject, type AgentValue } from '../protocol/agent.js';
import { replaceSymlink } from './applier/bundle-collection.js';
import type { Dirs } from './dirs.js';
import type { AgentPlatform } from './ports.js';
import { persistentDiskPath } from './settings/settings.js';

/**
 * The platform of a local VM (a directory tree, not a machine): disks are directories or ext4 image files,
 * "shutdown" ends the agent.
 * - a persistent disk counts as mounted when `store` is a mount point and `bosh/managed_disk_settings.json` (the
 *   cid mount_disk last mounted there, as bosh-agent writes it) names it, or when `store_migration_target` is a
 *   mount point and `bosh/store_migration_target_cid` (ours) names it;
 * - mounting a disk bind-mounts its directory (the path of its `disks.persistent` setting), or loop-mounts it when
 *   the setting is `{"path": <image>, "format": "ext4-image"}`, on `store` (or on `store_migration_target` while
 *   `store` holds another disk); the agent runs as root in the VM's own mount namespace, so the mount is not seen by
 *   the host, and a loop device goes away with the last mount of its image;
 * - trusted certificates go to `bosh/trusted_certs.pem` (the VM has no OS certificate store of its own).
 */
export class LocalPlatform implements AgentPlatform {
  constructor(
    private readonly dirs: Dirs,
    private readonly isMountPoint: (path: string) => Promise<boolean>,
    private readonly onShutdown: () => void,
    private readonly runCommand: CommandRunner = runFile,
    /** The system hosts file to bind the VM's over; undefined when the VM shares the host's mount namespace. */
    private readonly etcHosts?: string,
  ) {}

  shutdown(): Promise<void> {
    // Give the reply time to leave before the agent stops listening.
    setTimeout(this.onShutdown, 100).unref();
    return Promise.resolve();
  }

  async isPersistentDiskMounted(cid: string): Promise<boolean> {
    return (await this.mountPointOf(cid)) !== undefined;
  }

  /** Where the disk is mounted: `store`, `store_migration_target`, or nowhere. */
  private async mountPointOf(cid: string): Promise<string | undefined> {
    for (const [mountPoint, record] of this.records) {
      if ((await readRecord(record)) === cid && (await this.isMountPoint(mountPoint))) return mountPoint;
    }
    return undefined;
  }

  /** Each mount point with the file recording which disk mount_disk put there. */
  private get records(): ReadonlyArray<readonly [string, string]> {
    return [
      [this.dirs.store, this.managedDiskFile],
      [this.dirs.storeMigrationTarget, this.migrationTargetFile],
    ];
  }

  lastMountedDisk(): Promise<string | undefined> {
    return readRecord(this.managedDiskFile);
  }

  async mountPersistentDisk(cid: string, setting: AgentValue): Promise<void> {
    const args = diskMountArgs(setting);
    if ((await this.mountPointOf(cid)) !== undefined) return;
    const storeMounted = await this.isMountPoint(this.dirs.store);
    const mountPoint = storeMounted ? this.dirs.storeMigrationTarget : this.dirs.store;
    try {
      await mkdir(mountPoint, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw wrapError(e, 'Creating mount point');
    }
    await this.runCommand('mount', [...args, mountPoint]).catch((e: unknown) => {
      throw wrapError(e, 'Mounting partition');
    });
    const record = mountPoint === this.dirs.store ? this.managedDiskFile : this.migrationTargetFile;
    try {
      await writeFile(record, cid, { mode: 0o644 });
    } catch (e) {
      throw wrapError(e, `Writing ${basename(record)}`);
    }
  }

  async unmountPersistentDisk(cid: string): Promise<boolean> {
    const mountPoint = await this.mountPointOf(cid);
    if (mountPoint === undefined) return false;
    await this.runCommand('umount', [mountPoint]).catch((e: unknown) => {
      throw wrapError(e, 'Unmounting partition');
    });
    const record = mountPoint === this.dirs.store ? this.managedDiskFile : this.migrationTargetFile;
    try {
      await rm(record, { force: true });
    } catch (e) {
      throw wrapError(e, `Removing ${basename(record)}`);
    }
    return true;
  }

  /**
   * bosh-agent's MigratePersistentDisk: the old disk on `store` is remounted read-only, its whole tree copied (modes,
   * owners, times, links, extended attributes) onto the new disk on `store_migration_target`, unmounted, and the new
   * disk moved to `store`. Both mount points are checked first, so a missing new disk leaves the old one in place.
   */
  async migratePersistentDisk(): Promise<void> {
    const from = this.dirs.store;
    const to = this.dirs.storeMigrationTarget;
    if (!(await this.isMountPoint(from))) {
      throw wrapError(noDevice(from), 'Remounting persistent disk as readonly');
    }
    if (!(await this.isMountPoint(to))) {
      throw wrapError(noDevice(to), 'Remounting new disk on original mountpoint');
    }
    await this.runCommand('mount', ['-o', 'remount,bind,ro', from]).catch((e: unknown) => {
      throw wrapError(e, 'Remounting persistent disk as readonly');
    });
    await this.runCommand('cp', ['-a', '--', `${from}/.`, `${to}/`]).catch(async (e: unknown) => {
      // Leave the old disk as it was, writable.
      await this.runCommand('mount', ['-o', 'remount,bind,rw', from]).catch(() => undefined);
      throw wrapError(e, 'Copying files from old disk to new disk');
    });
    await this.runCommand('umount', [from]).catch((e: unknown) => {
      throw wrapError(e, 'Unmounting old persistent disk');
    });
    try {
      await this.runCommand('mount', ['--bind', to, from]);
      await this.runCommand('umount', [to]);
    } catch (e) {
      throw wrapError(e, 'Remounting new disk on original mountpoint');
    }
    const cid = await readRecord(this.migrationTargetFile);
    try {
      if (cid === undefined) await rm(this.managedDiskFile, { force: true });
      else await writeFile(this.managedDiskFile, cid, { mode: 0o644 });
      await rm(this.migrationTargetFile, { force: true });
    } catch (e) {
      throw wrapError(e, 'Writing managed_disk_settings.json');
    }
  }

  private get managedDiskFile(): string {
    return join(this.dirs.bosh, 'managed_disk_settings.json');
  }

  /** Which disk mount_disk put on `store_migration_target` (bosh-agent knows it by its device instead). */
  private get migrationTargetFile(): string {
    return join(this.dirs.bosh, 'store_migration_target_cid');
  }

  async associateDisk(name: string, setting: AgentValue): Promise<void> {
    try {
      await mkdir(this.dirs.disks, { recursive: true, mode: 0o750 });
    } catch (e) {
      throw wrapError(e, 'Associating disk: ');
    }
    const path = persistentDiskPath(setting);
    if (path === undefined) {
      throw wrapError(
        new Error(`no path in disk settings ${JSON.stringify(setting)}`),
        `Associating disk with name ${name}`,
      );
    }
    await replaceSymlink(path, join(this.dirs.disks, name));
  }

  /**
   * The VM's hosts file is `bosh/etc/hosts`; in a VM with its own mount namespace it is bind-mounted on /etc/hosts
   * once, and later syncs rewrite it in place (a rename would leave the bind mount on the old file).
   */
  async saveEtcHosts(text: string): Promise<void> {
    const path = join(this.dirs.bosh, 'etc', 'hosts');
    try {
      await mkdir(join(this.dirs.bosh, 'etc'), { recursive: true });
      await writeFile(path, text, { mode: 0o644 });
    } catch (e) {
      throw wrapError(e, `Writing to ${path}`);
    }
    if (this.etcHosts === undefined || (await this.isMountPoint(this.etcHosts))) return;
    await this.runCommand('mount', ['--bind', path, this.etcHosts]).catch((e: unknown) => {
      throw wrapError(e, `Mounting ${path} on ${this.etcHosts ?? ''}`);
    });
  }

  async updateTrustedCerts(pem: string): Promise<void> {
    const path = join(this.dirs.bosh, 'trusted_certs.pem');
    try {
      if (pem === '') await rm(path, { force: true });
      else await writeFile(path, pem, { mode: 0o644 });
    } catch (e) {
      throw wrapError(e, 'Updating trusted certificates');
    }
  }
}

/** Runs a command to completion; rejects with bosh-utils' `Running command: '…', stdout: '…', stderr: '…': …`. */
export type CommandRunner = (command: string, args: readonly string[]) => Promise<void>;

const runFile: CommandRunner = (command, args) =>
  new Promise((resolve, reject) => {
    execFile(command, [...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error === null) {
        resolve();
        return;
      }
      const status = typeof error.code === 'number' ? `exit status ${error.code}` : error.message;
      reject(
        new Error(
          `Running command: '${[command, ...args].join(' ')}', stdout: '${stdout}', stderr: '${stderr}': ${status}`,
        ),
      );
    });
  });

/** The cid a mount record (`managed_disk_settings.json`, `store_migration_target_cid`) names, if any. */
async function readRecord(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/** bosh-agent's error for a mount point nothing is mounted on (a wrapped nil error). */
const noDevice = (mountPoint: string): Error =>
  wrapError(new Error('<nil cause>'), `Error finding device for mount point ${mountPoint}`);

/**
 * The `mount` arguments (before the mount point) that mount a persistent disk from its setting: a directory (a
 * plain path, or `{"path"}`) is bind-mounted, `{"path", "format": "ext4-image"}` is an ext4 image, loop-mounted.
 */
export function diskMountArgs(setting: AgentValue): string[] {
  const path = persistentDiskPath(setting);
  if (path === undefined) throw new Error(`no path in disk settings ${JSON.stringify(setting)}`);
  const format = isObject(setting) ? (setting['format'] ?? 'directory') : 'directory';
  if (format === 'directory') return ['--bind', path];
  if (format === 'ext4-image') return ['-t', 'ext4', '-o', 'loop', path];
  throw new Error(
    `unsupported disk format ${JSON.stringify(format)} in disk settings ${JSON.stringify(setting)}`,
  );
}
