/**
 * The `delete_artifacts` task (`clean up` / `clean up all`, bosh-director `Jobs::CleanupArtifacts` and
 * `CleanupArtifactManager#delete`), for `bosh clean-up [--all]`: orphaned VMs, unused releases and stemcells (but the
 * newest 2 of each, none with `--all`), with `--all` the compiled packages no stemcell is left for and the orphaned
 * disks (unless `keep_orphaned_disks`), then exported releases and expired DNS blobs, which this director never
 * makes. Result: `Deleted 1 release(s), 0 stemcell(s), ..., Deleted 0 dns blob(s) created before <time>`.
 */
import { rubyTimeToS } from '../../../base/ruby-time.js';
import { isHash } from '../../../core/templates/properties.js';
import type { TaskContext, TaskJob } from '../../tasks/task-context.js';
import { cleanableArtifacts, type CleanupOptions } from './cleanable-artifacts.js';
import {
  deleteCompiledPackages,
  deleteOrphanDisks,
  deleteOrphanedVms,
  deleteReleases,
  deleteStemcells,
  type CleanupDeps,
} from './cleanup-stages.js';

/** The task's payload: the request's `config` (`{"remove_all": true}`); anything else cleans up as without `--all`. */
export function decodeCleanupOptions(raw: unknown): CleanupOptions {
  const config = isHash(raw) ? raw : {};
  return { removeAll: config.remove_all === true, keepOrphanedDisks: config.keep_orphaned_disks === true };
}

/** `CleanupArtifacts.enqueue`'s task description. */
export const cleanupDescription = (o: CleanupOptions): string => (o.removeAll ? 'clean up all' : 'clean up');

/**
 * `delete_exported_releases` and `delete_expired_dns_blobs`: this director exports no releases and keeps no local
 * DNS blobs, so there are none; the stages and the result's wording stay BOSH's (`--all` keeps no blob of any age,
 * else blobs younger than an hour).
 */
async function deleteDirectorBlobs(ctx: TaskContext, o: CleanupOptions): Promise<string> {
  ctx.events.beginStage('Deleting exported releases', 0);
  const cutoff = ctx.now() - (o.removeAll ? 0 : 3600);
  const stage = ctx.events.beginStage('Deleting dns blobs', 1);
  await stage.advanceAndTrack('DNS blobs', () => Promise.resolve());
  // A local time (`Time.now - age`) on a director running in UTC.
  return `0 exported release(s), Deleted 0 dns blob(s) created before ${rubyTimeToS(cutoff, '+0000')}`;
}

export function cleanupArtifactsJob(deps: CleanupDeps): TaskJob {
  return async (ctx, raw) => {
    const o = decodeCleanupOptions(raw);
    // Each kind is read just before its stage: what the stages before it deleted is gone from it.
    const cleanable = cleanableArtifacts(deps.store, o);
    const vms = await deleteOrphanedVms(deps, ctx, await cleanable.orphanedVms());
    const releases = await deleteReleases(deps, ctx, await cleanable.releases());
    const stemcells = await deleteStemcells(deps, ctx, await cleanable.stemcells());
    const compiled = await deleteCompiledPackages(deps, ctx, await cleanable.compiledPackages());
    const disks = await deleteOrphanDisks(deps, ctx, await cleanable.orphanDisks());
    const blobs = await deleteDirectorBlobs(ctx, o);
    return (
      `Deleted ${releases} release(s), ${stemcells} stemcell(s), ${compiled} extra compiled package(s), ` +
      `${disks} orphaned disk(s), ${vms} orphaned vm(s), ${blobs}`
    );
  };
}
