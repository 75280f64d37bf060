import { rm } from 'node:fs/promises';
import { wrapError } from '../../base/errors.js';
import { root, slice, str } from '../../protocol/agent.js';
import { asyncAction, decodeArg, methodArgs, type AgentAction } from '../dispatch/action.js';
import { makeLogsTarball } from '../logs/logs-tar.js';
import type { AgentContext } from './context.js';

/**
 * `fetch_logs [log_types, filters]` (task) → `{blobstore_id, sha1}`: a tgz of the logs of the given types
 * (`job`, `agent`, `system`, comma separated) matching the filters, uploaded to the blobstore.
 */
export const fetchLogs = (ctx: Pick<AgentContext, 'dirs' | 'blobstore'>): AgentAction =>
  asyncAction(async (args) => {
    const [typesArg, filtersArg] = methodArgs(args, 2);
    const types = decodeArg(typesArg, (v) => str(v, root('string')));
    const filters = decodeArg(filtersArg, (v) =>
      slice(v, root('[]string'), '[]string', (x) => str(x, root('string'))),
    );
    const tarball = await makeLogsTarball(ctx.dirs, types, filters ?? []);
    try {
      const { blobId, sha1 } = await ctx.blobstore.create(tarball).catch((e: unknown) => {
        throw wrapError(e, 'Create file on blobstore');
      });
      return { blobstore_id: blobId, sha1 };
    } finally {
      await rm(tarball, { force: true });
    }
  });
