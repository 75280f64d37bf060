import { wrapError } from '../../base/errors.js';
import { type UpdateSettings } from '../../protocol/agent.js';
import { decodeUpdateSettings } from '../settings/update-settings-codec.js';
import { decodeArg, methodArgs, type AgentAction } from '../dispatch/action.js';
import type { AgentContext } from './context.js';

const EMPTY: UpdateSettings = {
  blobstores: null,
  disk_associations: null,
  mbus: { cert: { ca: '', certificate: '', private_key: '' }, urls: null },
  trusted_certs: '',
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * `UpdateSettings.MergeSettings`: trusted certs and disk associations are replaced; mbus and blobstores only when
 * given and different, which asks for an agent restart.
 */
export function mergeUpdateSettings(
  existing: UpdateSettings,
  next: UpdateSettings,
): { merged: UpdateSettings; restart: boolean } {
  let restart = false;
  let { mbus, blobstores } = existing;
  if (!same(next.mbus, existing.mbus) && !same(next.mbus, EMPTY.mbus)) {
    mbus = next.mbus;
    restart = true;
  }
  if (!same(next.blobstores, existing.blobstores) && next.blobstores !== null) {
    blobstores = next.blobstores;
    restart = true;
  }
  return {
    merged: {
      blobstores,
      disk_associations: next.disk_associations,
      mbus,
      trusted_certs: next.trusted_certs,
    },
    restart,
  };
}

/**
 * `update_settings [{trusted_certs, disk_associations, blobstores, mbus}]` (persistent task) → `"ok"`: links the
 * associated disks under `instance/disks/<name>`, replaces the trusted certificates, merges into
 * `bosh/update_settings.json`, and restarts the agent when mbus or blobstores changed (the restarted agent resumes
 * the task and answers "ok").
 */
export const updateSettings = (
  ctx: Pick<AgentContext, 'settings' | 'platform' | 'control'>,
): AgentAction => ({
  isAsynchronous: () => true,
  persistent: true,
  run: async (args) => {
    const next = decodeArg(methodArgs(args, 1)[0], decodeUpdateSettings);
    await ctx.settings.load();
    for (const association of next.disk_associations ?? []) {
      const setting = ctx.settings.settings.persistentDisks[association.cid];
      if (setting === undefined) {
        const missing = new Error(`Persistent disk with volume id '${association.cid}' could not be found`);
        throw wrapError(missing, 'Fetching disk settings');
      }
      await ctx.platform.associateDisk(association.name, setting);
    }
    await ctx.platform.updateTrustedCerts(next.trusted_certs);
    const { merged, restart } = mergeUpdateSettings(ctx.settings.updateSettings ?? EMPTY, next);
    await ctx.settings.saveUpdateSettings(merged);
    if (restart) await ctx.control.restart();
    return 'ok';
  },
  resume: () => Promise.resolve('ok'),
});
