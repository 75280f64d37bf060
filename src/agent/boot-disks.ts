import { wrapError } from '../base/errors.js';
import { persistentDiskSetting } from './actions/mount-disk.js';
import type { AgentPlatform } from './ports.js';
import type { SettingsService } from './settings/settings-service.js';

/**
 * bosh-agent's bootstrap `mountLastMountedDisk`: after a reboot (a local VM restarted by reboot_vm gets a fresh
 * mount namespace), the disk `managed_disk_settings.json` names is mounted on `store` again, before any job
 * starts. A recorded disk the settings no longer have stops the boot, as it does in bosh-agent.
 */
export async function mountLastMountedDisk(deps: {
  readonly platform: Pick<AgentPlatform, 'lastMountedDisk' | 'mountPersistentDisk'>;
  readonly settings: Pick<SettingsService, 'settings'>;
}): Promise<void> {
  try {
    const cid = await deps.platform.lastMountedDisk().catch((e: unknown) => {
      throw wrapError(e, 'Fetching last mounted disk CID');
    });
    if (cid === undefined || cid === '') return;
    const setting = persistentDiskSetting(deps, cid, 'Fetching disk settings');
    await deps.platform.mountPersistentDisk(cid, setting).catch((e: unknown) => {
      throw wrapError(e, 'Mounting persistent disk');
    });
  } catch (e) {
    throw wrapError(e, 'Mounting last mounted disk');
  }
}
