/**
 * `CleanableArtifacts`: what `bosh clean-up` (and its `--dry-run`) would delete right now, read from the store and
 * decided by the pickers.
 */
import { parseYaml } from '../../../base/yaml/parse.js';
import type {
  CompiledPackageRecord,
  DirectorStore,
  OrphanDiskRecord,
  OrphanedVmRecord,
  StemcellRecord,
} from '../../../ports/director-store.js';
import { rubyToS } from '../../../base/ruby-inspect.js';
import { entry } from '../ruby-values.js';
import { formatReleaseVersion, parseReleaseVersion } from '../release-version.js';
import {
  keepCount,
  pickCompiledPackages,
  pickReleases,
  pickStemcells,
  type CleanableRelease,
} from './pick-artifacts.js';

/** The task's payload and the dry run's query: `{"remove_all": bool, "keep_orphaned_disks": bool}`. */
export interface CleanupOptions {
  readonly removeAll: boolean;
  readonly keepOrphanedDisks: boolean;
}

export type CleanableStemcell = StemcellRecord & { readonly deployments: readonly string[] };
export type CleanableCompiledPackage = CompiledPackageRecord & { readonly packageName: string };

type Store = Pick<DirectorStore, 'releases' | 'stemcells' | 'configs' | 'disks' | 'vms'>;

/** A version in one spelling: `1.2-dev` and `1+dev.2` are one version; unparseable ones stay as written. */
function normalVersion(version: string): string {
  try {
    return formatReleaseVersion(parseReleaseVersion(version));
  } catch {
    return version;
  }
}

/** `name/version` of the releases the latest runtime configs name (`runtime_config_release_versions`). */
async function runtimeConfigReleases(store: Store): Promise<Set<string>> {
  const out = new Set<string>();
  for (const config of await store.configs.latest({ type: 'runtime' })) {
    let releases;
    try {
      releases = entry(parseYaml(config.content), 'releases');
    } catch {
      continue; // A config that no longer parses names no release BOSH could find either.
    }
    if (!Array.isArray(releases)) continue;
    for (const r of releases) {
      const name = entry(r, 'name');
      const version = entry(r, 'version');
      if (name === undefined || version === undefined) continue;
      out.add(`${rubyToS(name)}/${normalVersion(rubyToS(version))}`);
    }
  }
  return out;
}

/** The release versions no deployment or runtime config uses, but the newest 2 of each release (none: `all`). */
async function cleanableReleases(store: Store, removeAll: boolean): Promise<CleanableRelease[]> {
  const inRuntimeConfigs = await runtimeConfigReleases(store);
  const usage = [];
  for (const release of await store.releases.list()) {
    const versions = [];
    for (const v of release.versions) {
      const deployed = (await store.releases.deploymentsUsing(release.name, v.version)).length > 0;
      const used = deployed || inRuntimeConfigs.has(`${release.name}/${normalVersion(v.version)}`);
      versions.push({ version: v.version, used });
    }
    usage.push({ name: release.name, versions });
  }
  return pickReleases(usage, keepCount(removeAll));
}

/** The stemcells no deployment uses, but the newest 2 of each name (none: `all`). */
async function cleanableStemcells(store: Store, removeAll: boolean): Promise<CleanableStemcell[]> {
  const all = [];
  for (const s of await store.stemcells.list())
    all.push({ ...s, deployments: await store.stemcells.deploymentsUsing(s.id) });
  return pickStemcells(all, keepCount(removeAll));
}

/** With `all` only: the compiled packages no stemcell is left for once `deleting` (stemcells) are gone. */
async function cleanableCompiledPackages(
  store: Store,
  removeAll: boolean,
  deleting: readonly CleanableStemcell[],
): Promise<CleanableCompiledPackage[]> {
  if (!removeAll) return [];
  const packages = new Map<number, string>();
  for (const release of await store.releases.list())
    for (const v of release.versions) for (const p of v.packages) packages.set(p.id, p.name);
  const compiled: CleanableCompiledPackage[] = [];
  for (const [id, packageName] of packages)
    for (const c of await store.releases.compiledPackages(id)) compiled.push({ ...c, packageName });
  compiled.sort((a, b) => a.id - b.id);
  return pickCompiledPackages(compiled, await store.stemcells.list(), new Set(deleting.map((s) => s.id)));
}

/** With `all` and without `keep_orphaned_disks` only: every orphaned disk, in row order (`OrphanDisk.all`). */
async function cleanableOrphanDisks(store: Store, o: CleanupOptions): Promise<OrphanDiskRecord[]> {
  if (o.keepOrphanedDisks || !o.removeAll) return [];
  return [...(await store.disks.orphaned())].sort((a, b) => a.id - b.id);
}

/** Every orphaned VM, in row order (`OrphanedVm.all`): also what the scheduled cleanup deletes. */
export async function cleanableOrphanedVms(store: Pick<DirectorStore, 'vms'>): Promise<OrphanedVmRecord[]> {
  return [...(await store.vms.orphaned())].sort((a, b) => a.id - b.id);
}

/**
 * BOSH's `CleanableArtifacts`, for the clean-up task and its dry run alike: each kind is read when asked for, the
 * stemcells once (`@stemcells ||=`). The compiled packages are those no stemcell is left for once these stemcells
 * go, whether asked for before they are deleted (the dry run) or after (the task).
 */
export function cleanableArtifacts(store: Store, o: CleanupOptions) {
  let picked: Promise<CleanableStemcell[]> | undefined;
  const stemcells = () => (picked ??= cleanableStemcells(store, o.removeAll));
  return {
    orphanedVms: () => cleanableOrphanedVms(store),
    releases: () => cleanableReleases(store, o.removeAll),
    stemcells,
    compiledPackages: async () => cleanableCompiledPackages(store, o.removeAll, await stemcells()),
    orphanDisks: () => cleanableOrphanDisks(store, o),
  };
}
