import { wrapError } from '../../base/errors.js';
import type { AgentValue } from '../../protocol/agent.js';
import { asyncAction, decodeArg, methodArgs, type AgentAction } from '../dispatch/action.js';
import type { AgentPlatform } from '../ports.js';
import type { SettingsService } from '../settings/settings-service.js';
import { taskIdArg as stringArg } from './get-task.js';

/** What mount_disk and unmount_disk need: the settings (reloadable) and the platform's disk operations. */
export interface DiskActionDeps {
  readonly settings: Pick<SettingsService, 'load' | 'settings'>;
  readonly platform: Pick<AgentPlatform, 'mountPersistentDisk' | 'unmountPersistentDisk'>;
}

/**
 * `disks.persistent[cid]` of the current settings (hints included), or bosh-agent's error for a cid they do not
 * have, wrapped in `context` (each action words it its own way).
 */
export function persistentDiskSetting(
  deps: { readonly settings: Pick<SettingsService, 'settings'> },
  cid: string,
  context: string,
): AgentValue {
  const setting = Object.hasOwn(deps.settings.settings.persistentDisks, cid)
    ? deps.settings.settings.persistentDisks[cid]
    : undefined;
  if (setting === undefined) {
    throw wrapError(new Error(`Persistent disk with volume id '${cid}' could not be found`), context);
  }
  return setting;
}

/**
 * `mount_disk [disk_cid]` → `{}` (a task). Settings are re-read first; the platform mounts the disk on `store`, or on
 * `store_migration_target` when `store` already holds another disk (the migrate_disk flow).
 */
export const mountDisk = (deps: DiskActionDeps): AgentAction =>
  asyncAction(async (args) => {
    const cid = decodeArg(methodArgs(args, 1)[0], stringArg);
    await deps.settings.load().catch((e: unknown) => {
      throw wrapError(e, 'Refreshing the settings');
    });
    const setting = persistentDiskSetting(deps, cid, 'Reading persistent disk settings');
    await deps.platform.mountPersistentDisk(cid, setting).catch((e: unknown) => {
      throw wrapError(e, 'Mounting persistent disk');
    });
    return {};
  });
