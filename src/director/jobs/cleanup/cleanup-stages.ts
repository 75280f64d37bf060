/**
 * The stages of `CleanupArtifactManager#delete`, each deleting one kind of artifact with the deleters `delete-release`,
 * `delete-stemcell` and the orphan deleters share, and answering how many it deleted.
 */
import { MAX_THREADS, runPool } from '../../orchestrator/thread-pool.js';
import type { TaskContext } from '../../tasks/task-context.js';
import type { Blobstore } from '../../../ports/blobstore.js';
import type { DirectorStore, OrphanDiskRecord, OrphanedVmRecord } from '../../../ports/director-store.js';
import type { CompileCpi } from '../../compile/types.js';
import type { NamedCpi } from '../cpi.js';
import { deleteReleaseVersion } from '../delete-release.js';
import { deleteStemcellRecord } from '../delete-stemcell.js';
import type { CleanableCompiledPackage, CleanableStemcell } from './cleanable-artifacts.js';
import { deleteOrphanDisk } from './orphan-disk-deleter.js';
import { deleteOrphanedVm } from './orphaned-vm-deleter.js';
import type { CleanableRelease } from './pick-artifacts.js';

export interface CleanupDeps {
  readonly store: DirectorStore;
  readonly blobstore: Blobstore;
  /** The CPIs stemcells are deleted with (`''`: the default one). */
  readonly clouds: readonly NamedCpi[];
  /** The CPI orphaned VMs and disks are deleted with, asked for only when there is one. */
  readonly cpi: () => CompileCpi;
}

/** `delete_orphaned_vms`: each orphaned VM (10 s for its lock); one that fails stays, and is not counted. */
export async function deleteOrphanedVms(
  deps: CleanupDeps,
  ctx: TaskContext,
  vms: readonly OrphanedVmRecord[],
): Promise<number> {
  const stage = ctx.events.beginStage('Deleting orphaned vms', vms.length);
  let deleted = 0;
  await runPool(vms, MAX_THREADS, async (vm) => {
    await stage.advanceAndTrack(vm.cid, async () => {
      if (await deleteOrphanedVm(deps, ctx, vm, 10)) deleted += 1;
    });
  });
  return deleted;
}

/** `delete_releases`: each release's versions under its lock (10 s), one stage task per version. */
export async function deleteReleases(
  deps: CleanupDeps,
  ctx: TaskContext,
  releases: readonly CleanableRelease[],
): Promise<number> {
  const count = releases.reduce((n, r) => n + r.versions.length, 0);
  const stage = ctx.events.beginStage('Deleting releases', count);
  // One release at a time: each version's own `Deleting packages`/`Deleting jobs` stages stay together.
  for (const release of releases) {
    await ctx.withLock(`lock:release:${release.name}`, 10, async () => {
      for (const version of release.versions) {
        await stage.advanceAndTrack(`${release.name}/${version}`, () =>
          deleteReleaseVersion(deps, ctx, release.name, version),
        );
      }
    });
  }
  return count;
}

/** `delete_stemcells`: each unused stemcell, from every CPI that has it. */
export async function deleteStemcells(
  deps: CleanupDeps,
  ctx: TaskContext,
  stemcells: readonly CleanableStemcell[],
): Promise<number> {
  const stage = ctx.events.beginStage('Deleting stemcells', stemcells.length);
  for (const s of stemcells) {
    await stage.advanceAndTrack(`${s.name}/${s.version}`, async () => {
      const all = (await deps.store.stemcells.list()).filter(
        (x) => x.name === s.name && x.version === s.version,
      );
      for (const one of all) await deleteStemcellRecord(deps, ctx, one, false);
    });
  }
  return stemcells.length;
}

/** `delete_compiled_packages` (`all` only): those no stemcell is left for, blob first. */
export async function deleteCompiledPackages(
  deps: CleanupDeps,
  ctx: TaskContext,
  compiled: readonly CleanableCompiledPackage[],
): Promise<number> {
  const stage = ctx.events.beginStage('Deleting compiled packages', compiled.length);
  for (const c of compiled) {
    await stage.advanceAndTrack(`${c.packageName} for ${c.stemcellOs}/${c.stemcellVersion}`, async () => {
      ctx.debug(`Deleting compiled package: ${c.packageName} for ${c.stemcellOs}/${c.stemcellVersion}`);
      await deps.blobstore.delete(c.blobstoreId);
      await deps.store.releases.deleteCompiledPackage(c.id);
    });
  }
  return compiled.length;
}

/** `delete_orphaned_disks` (`all` without `keep_orphaned_disks` only). */
export async function deleteOrphanDisks(
  deps: CleanupDeps,
  ctx: TaskContext,
  disks: readonly OrphanDiskRecord[],
): Promise<number> {
  const stage = ctx.events.beginStage('Deleting orphaned disks', disks.length);
  await runPool(disks, MAX_THREADS, (disk) =>
    stage.advanceAndTrack(disk.diskCid, () => deleteOrphanDisk(deps, ctx, disk)),
  );
  return disks.length;
}
