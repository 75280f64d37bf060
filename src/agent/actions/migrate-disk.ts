import { wrapError } from '../../base/errors.js';
import { asyncAction, methodArgs, type AgentAction } from '../dispatch/action.js';
import type { AgentPlatform } from '../ports.js';

/**
 * `migrate_disk` → `{}` (a task; the director's `[old_cid, new_cid]` are ignored, as bosh-agent ignores them): moves
 * the data of the disk on `store` to the disk mount_disk put on `store_migration_target`, then puts that disk on
 * `store` in its place.
 */
export const migrateDisk = (platform: Pick<AgentPlatform, 'migratePersistentDisk'>): AgentAction =>
  asyncAction(async (args) => {
    methodArgs(args, 0);
    await platform.migratePersistentDisk().catch((e: unknown) => {
      throw wrapError(e, 'Migrating persistent disk');
    });
    return {};
  });
