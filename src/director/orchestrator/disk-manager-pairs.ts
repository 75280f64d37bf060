/**
 * The pure half of the DiskManager: which of an instance's disks change (`PersistentDiskCollection
 * .changed_disk_pairs`), whether the agent's view of them is in sync, and the `persistent_disk` of the apply spec
 * (`PersistentDiskCollection#generate_spec`).
 */
import { deepEqual } from '../../base/yaml/value.js';
import type { DesiredDisk } from '../../core/planner/desired.js';
import type { PersistentDiskRecord } from '../../ports/director-deploy-store.js';
import { yamlMap } from '../deploy/prepare.js';

/** An old disk and the disk that replaces it (by name); either side may be missing (disk added or removed). */
export interface DiskPair {
  readonly old: PersistentDiskRecord | undefined;
  readonly new: DesiredDisk | undefined;
}

/** `PersistentDisk#managed?`: the instance group's unnamed disk, the one the agent mounts on /var/vcap/store. */
export const isManaged = (disk: { readonly name: string }): boolean => disk.name === '';

/** Same name, size and cloud properties (BOSH's `PersistentDiskComparator`, without variable sets). */
function sameDisk(old: PersistentDiskRecord, desired: DesiredDisk): boolean {
  return (
    old.name === desired.name &&
    (old.size ?? 0) === desired.size &&
    deepEqual(yamlMap(old.cloudProperties), desired.cloudProperties)
  );
}

/**
 * The desired disks paired with the active disk of the same name, then the active disks no longer desired; pairs
 * that are equal are left out unless `recreate` (`--recreate-persistent-disks` replaces every disk).
 */
export function changedDiskPairs(
  active: readonly PersistentDiskRecord[],
  desired: readonly DesiredDisk[],
  recreate: boolean,
): DiskPair[] {
  const pairs: DiskPair[] = desired.map((d) => ({ old: active.find((a) => a.name === d.name), new: d }));
  for (const a of active) {
    if (!desired.some((d) => d.name === a.name)) pairs.push({ old: a, new: undefined });
  }
  if (recreate) return pairs;
  return pairs.filter((p) => p.old === undefined || p.new === undefined || !sameDisk(p.old, p.new));
}

/**
 * `generate_spec`'s `persistent_disk`: 0 without disks, the size of a lone unnamed disk, and no key at all for named
 * disks (the agent does not mount those).
 */
export function persistentDiskSpec(desired: readonly DesiredDisk[]): { persistent_disk?: number } {
  if (desired.length === 0) return { persistent_disk: 0 };
  const [only] = desired;
  return desired.length === 1 && only !== undefined && isManaged(only) ? { persistent_disk: only.size } : {};
}

/** The managed disk's cid, if the instance has an active one (`managed_persistent_disk_cid`). */
export const managedDiskCid = (disks: readonly PersistentDiskRecord[]): string | undefined =>
  disks.find((d) => d.active && isManaged(d))?.diskCid;

/** `list_disk`'s answer as cids (anything else the agent might say counts as nothing mounted). */
export function mountedCids(answer: unknown): string[] {
  return Array.isArray(answer) ? answer.filter((c): c is string => typeof c === 'string') : [];
}

export type SyncVerdict = 'in-sync' | 'reattach' | 'out-of-sync';

/**
 * `sync_persistent_disk`: what the agent mounts against the director's record. Nothing mounted while a disk is
 * recorded (and still needed) means the VM lost it: it is attached again; another disk mounted is an error.
 */
export function syncVerdict(
  agentCid: string | undefined,
  recordCid: string | undefined,
  needsDisk: boolean,
): SyncVerdict {
  if (agentCid === undefined && !needsDisk) return 'in-sync';
  if (agentCid === recordCid) return 'in-sync';
  return agentCid === undefined ? 'reattach' : 'out-of-sync';
}
