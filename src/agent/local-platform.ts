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
 * - trusted certificates go to `bosh/trusted_certs.pem` (the VM has no OS certificate store of its own).
 */
export class LocalPlatform implements AgentPlatform {
  constructor(
    private readonly dirs: Dirs,
    private readonly isMountPoint: (path: string) => Promise<boolean>,
    private readonly onShutdown: () => void,
  ) {}

  shutdown(): Promise<void> {
    // Give the reply time to leave before the agent stops listening.
    setTimeout(this.onShutdown, 100).unref();
    return Promise.resolve();
  }

  async isPersistentDiskMounted(cid: string): Promise<boolean> {
    let managed: string;
    try {
      managed = (await readFile(join(this.dirs.bosh, 'managed_disk_settings.json'), 'utf8')).trim();
    } catch {
      return false;
    }
    return managed === cid && (await this.isMountPoint(this.dirs.store));
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
