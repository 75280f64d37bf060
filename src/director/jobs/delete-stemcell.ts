import { BoshError, boshError } from '../../core/errors.js';
import type { DirectorStore, StemcellRecord } from '../../ports/director-store.js';
import type { TaskContext, TaskJob } from '../tasks/task-context.js';
import type { NamedCpi } from './cpi.js';
import { decodeDeleteStemcellPayload } from './payloads.js';

export interface DeleteStemcellDeps {
  readonly store: DirectorStore;
  readonly clouds: readonly NamedCpi[];
}

/**
 * The `delete_stemcell` task (`delete stemcell: <name>/<version>`, bosh-director `Jobs::DeleteStemcell` and
 * `StemcellDeleter`): every stemcell with that name and version (one per CPI), each under
 * `lock:stemcells:<name>:<version>` (10 s). No event stages. A stemcell a deployment uses is never deleted
 * (StemcellInUse `Stemcell 'n/v' is still in use by: a, b`); `force` ignores the CPI's `delete_stemcell` errors.
 * Result `/stemcells/<name>/<version>`.
 */
export function deleteStemcellJob(deps: DeleteStemcellDeps): TaskJob {
  return async (ctx, raw) => {
    const { name, version, force } = decodeDeleteStemcellPayload(raw);
    ctx.debug('Processing delete stemcell');
    ctx.debug(`Looking up stemcell: ${name}/${version}`);
    const stemcells = (await deps.store.stemcells.list()).filter(
      (s) => s.name === name && s.version === version,
    );
    if (stemcells.length === 0)
      throw boshError('StemcellNotFound', `Stemcell '${name}/${version}' doesn't exist`);
    for (const stemcell of stemcells) {
      ctx.debug(`Found: ${JSON.stringify(stemcell)}`);
      await deleteStemcellRecord(deps, ctx, stemcell, force);
    }
    return `/stemcells/${name}/${version}`;
  };
}

/** `StemcellDeleter#delete`, under the stemcell's lock: also how `clean-up` deletes an unused stemcell. */
export function deleteStemcellRecord(
  deps: DeleteStemcellDeps,
  ctx: TaskContext,
  stemcell: StemcellRecord,
  force: boolean,
): Promise<void> {
  return ctx.withLock(`lock:stemcells:${stemcell.name}:${stemcell.version}`, 10, () =>
    deleteOne(deps, ctx, stemcell, force),
  );
}

async function deleteOne(
  deps: DeleteStemcellDeps,
  ctx: TaskContext,
  stemcell: StemcellRecord,
  force: boolean,
): Promise<void> {
  ctx.debug('Checking for any deployments still using the stemcell');
  const deployments = await deps.store.stemcells.deploymentsUsing(stemcell.id);
  if (deployments.length > 0) {
    throw boshError(
      'StemcellInUse',
      `Stemcell '${stemcell.name}/${stemcell.version}' is still in use by: ${deployments.join(', ')}`,
    );
  }
  const cloud = deps.clouds.find((c) => c.name === stemcell.cpi);
  if (cloud === undefined) {
    throw new BoshError(
      'DirectorError',
      `Stemcell has CPI defined (${stemcell.cpi}) that is not configured anymore.`,
    );
  }
  try {
    await cloud.cpi.deleteStemcell(stemcell.cid);
  } catch (e) {
    if (!force) throw e;
    ctx.debug(`Force deleting is set, ignoring exception: ${e instanceof Error ? e.message : String(e)}`);
  }
  await deps.store.stemcells.delete(stemcell.id);
}
