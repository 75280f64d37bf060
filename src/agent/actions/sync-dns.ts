import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { atomicWrite } from '../../adapters/fs/atomic-write.js';
import { wrapError } from '../../base/errors.js';
import { root, str } from '../../protocol/agent.js';
import { decodeArg, methodArgs, syncAction, type AgentAction } from '../dispatch/action.js';
import { decodeDnsRecords, etcHosts, needsUpdate } from '../dns/dns-records.js';
import type { AgentContext } from './context.js';
import { digestArg, uint64 } from './go-args.js';

/**
 * `sync_dns [blobstore_id, digest, version]` (synchronous) → `"synced"`: unless the stored records are already at
 * this version or newer, fetches the director's DNS blob, writes its records into the VM's /etc/hosts and keeps
 * the blob as `instance/dns/records.json` (0640) for bosh-dns. One sync at a time.
 */
export function syncDns(
  ctx: Pick<AgentContext, 'blobstore' | 'dirs' | 'settings' | 'platform'>,
): AgentAction {
  const statePath = join(ctx.dirs.instance, 'dns', 'records.json');
  const stored = () => readFile(statePath, 'utf8').catch(() => undefined);
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  return syncAction(async (args) => {
    const [idArg, digestValue, versionArg] = methodArgs(args, 3);
    const blobId = decodeArg(idArg, (v) => str(v, root('string')));
    const digest = decodeArg(digestValue, (v) => digestArg(v, root('crypto.MultipleDigest')));
    const version = decodeArg(versionArg, (v) => uint64(v, root('uint64')));
    if (!needsUpdate(await serially(stored), version)) return 'synced';

    const file = await ctx.blobstore.get({ blobstoreId: blobId, digest }).catch((e: unknown) => {
      throw wrapError(e, `getting ${blobId} from blobstore`);
    });
    try {
      const contents = await readFile(file).catch((e: unknown) => {
        throw wrapError(e, `reading ${file} from blobstore`);
      });
      return await serially(async () => {
        if (!needsUpdate(await stored(), version)) return 'synced';
        let records;
        try {
          records = decodeDnsRecords(JSON.parse(contents.toString('utf8')));
        } catch (e) {
          throw wrapError(e, 'unmarshalling DNS records');
        }
        if (records.version !== version) {
          throw new Error('version from unpacked dns blob does not match version supplied by director');
        }
        await ctx.platform
          .saveEtcHosts(etcHosts(ctx.settings.settings.agent_id, records.records))
          .catch((e: unknown) => {
            throw wrapError(e, 'saving DNS records');
          });
        await mkdir(dirname(statePath), { recursive: true })
          .then(() => atomicWrite(statePath, contents, 0o640))
          .catch((e: unknown) => {
            throw wrapError(wrapError(e, 'writing the blobstore DNS state'), 'saving local DNS state');
          });
        return 'synced';
      });
    } finally {
      await ctx.blobstore.cleanUp(file);
    }
  });
}
