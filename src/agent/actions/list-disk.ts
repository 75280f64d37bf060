import { wrapError } from '../../base/errors.js';
import type { AgentAction } from '../dispatch/action.js';
import type { AgentContext } from './context.js';

/** `list_disk` → the cids of the mounted persistent disks (a task for protocol ≥ 3). Settings are re-read first. */
export const listDisk = (ctx: Pick<AgentContext, 'settings' | 'platform'>): AgentAction => ({
  isAsynchronous: (protocol) => protocol >= 3,
  run: async () => {
    await ctx.settings.load().catch((e: unknown) => {
      throw wrapError(e, 'Refreshing the settings');
    });
    const cids: string[] = [];
    for (const [cid, setting] of Object.entries(ctx.settings.settings.persistentDisks)) {
      const mounted = await ctx.platform.isPersistentDiskMounted(cid, setting).catch((e: unknown) => {
        throw wrapError(e, `Checking whether device ${JSON.stringify(setting)} is mounted`);
      });
      if (mounted) cids.push(cid);
    }
    return cids;
  },
});
