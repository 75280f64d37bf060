import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { wrapError } from '../base/errors.js';
import type { AgentValue } from '../protocol/agent.js';
import { replaceSymlink } from './applier/bundle-collection.js';
import type { Dirs } from './dirs.js';
import type { AgentPlatform } from './ports.js';
import { persistentDiskPath } from './settings/settings.js';

/**
 * The platform of a local VM (a directory tree, not a machine): disks are directories, "shutdown" ends the agent.
 * - a persistent disk counts as mounted when `store` is a mount point and `bosh/managed_disk_settings.json` (the
 *   cid mount_disk last mounted, as bosh-agent writes it) names it;
 * - mounting a disk bind-mounts its directory (the path of its `disks.persistent` setting) on `store` (or on
 *   `store_migration_target` while `store` holds another disk); the agent runs as root in the VM's own mount
 *   namespace, so the mount is not seen by the host;
 * - trusted certificates go to `bosh/trusted_certs.pem` (the VM has no OS certificate store of its own).
 */
export class LocalPlatform implements AgentPlatform {
  constructor(
    private readonly dirs: Dirs,
    private readonly isMountPoint: (path: string) => Promise<boolean>,
    private readonly onShutdown: () => void,
    private readonly runCommand: CommandRunner = runFile,
  ) {}

  shutdown(): Promise<void> {
    // Give the reply time to leave before the agent stops listening.
    setTimeout(this.onShutdown, 100).unref();
    return Promise.resolve();
  }

  async isPersistentDiskMounted(cid: string): Promise<boolean> {
    return (await this.managedDisk()) === cid && (await this.isMountPoint(this.dirs.store));
  }

  async mountPersistentDisk(cid: string, setting: AgentValue): Promise<void> {
    const path = persistentDiskPath(setting);
    if (path === undefined) throw new Error(`no path in disk settings ${JSON.stringify(setting)}`);
    const storeMounted = await this.isMountPoint(this.dirs.store);
    if (storeMounted && (await this.managedDisk()) === cid) return;
    const mountPoint = storeMounted ? this.dirs.storeMigrationTarget : this.dirs.store;
    try {
      await mkdir(mountPoint, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw wrapError(e, 'Creating mount point');
    }
    await this.runCommand('mount', ['--bind', path, mountPoint]).catch((e: unknown) => {
      throw wrapError(e, 'Mounting partition');
    });
    if (mountPoint !== this.dirs.store) return;
    try {
      await writeFile(this.managedDiskFile, cid, { mode: 0o644 });
    } catch (e) {
      throw wrapError(e, 'Writing managed_disk_settings.json');
    }
  }

  async unmountPersistentDisk(cid: string): Promise<boolean> {
    if (!(await this.isPersistentDiskMounted(cid))) return false;
    await this.runCommand('umount', [this.dirs.store]).catch((e: unknown) => {
      throw wrapError(e, 'Unmounting partition');
    });
    try {
      await rm(this.managedDiskFile, { force: true });
    } catch (e) {
      throw wrapError(e, 'Removing managed_disk_settings.json');
    }
    return true;
  }

  private get managedDiskFile(): string {
    return join(this.dirs.bosh, 'managed_disk_settings.json');
  }

  /** The cid `bosh/managed_disk_settings.json` names, if any. */
  private async managedDisk(): Promise<string | undefined> {
    try {
      return (await readFile(this.managedDiskFile, 'utf8')).trim();
    } catch {
      return undefined;
    }
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
