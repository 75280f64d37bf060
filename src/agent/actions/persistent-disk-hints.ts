import { wrapError } from '../../base/errors.js';
import { goValue } from '../../protocol/agent.js';
import { asyncAction, decodeArg, methodArgs, type AgentAction } from '../dispatch/action.js';
import type { SettingsService } from '../settings/settings-service.js';
import { taskIdArg as stringArg } from './get-task.js';

/** What add_persistent_disk and remove_persistent_disk need: the settings and their hints file. */
export type DiskHintDeps = Pick<
  SettingsService,
  'load' | 'savePersistentDiskHint' | 'removePersistentDiskHint'
>;

const refreshed = async (settings: DiskHintDeps): Promise<void> => {
  await settings.load().catch((e: unknown) => {
    throw wrapError(e, 'Refreshing the settings');
  });
};

/**
 * `add_persistent_disk [disk_cid, disk_hint]` → `{}` (a task): after the director attached a disk (CPI v2 gives it
 * attach_disk's hint), the agent records the hint so that mount_disk, unmount_disk, list_disk and update_settings
 * know the disk even though the VM's settings do not list it. The hint may be any JSON value.
 */
export const addPersistentDisk = (settings: DiskHintDeps): AgentAction =>
  asyncAction(async (args) => {
    const [cidArg, hintArg] = methodArgs(args, 2);
    const cid = decodeArg(cidArg, stringArg);
    const hint = goValue(hintArg);
    await refreshed(settings);
    await settings.savePersistentDiskHint(cid, hint).catch((e: unknown) => {
      throw wrapError(e, 'Saving persistent disk hints');
    });
    return {};
  });

/** `remove_persistent_disk [disk_cid]` → `{}` (a task): forgets the disk's hint (nothing to forget is fine). */
export const removePersistentDisk = (settings: DiskHintDeps): AgentAction =>
  asyncAction(async (args) => {
    const cid = decodeArg(methodArgs(args, 1)[0], stringArg);
    await refreshed(settings);
    await settings.removePersistentDiskHint(cid).catch((e: unknown) => {
      throw wrapError(e, 'Removing persistent disk hints');
    });
    return {};
  });
