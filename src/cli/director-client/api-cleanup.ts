import { wrapError } from '../../base/errors.js';
import { goJsonMarshal } from '../../base/go-json.js';
import { formatVersion, parseVersion } from '../../core/release/index.js';
import { orphanedVmOf } from './api-orphaned-vms.js';
import type { Director } from './director.js';
import { withQuery } from './go-url.js';
import { int, list, str, strings } from './json-fields.js';

/** What `GET /cleanup/dryrun` says a clean-up would delete (bosh-cli `director.CleanUp`). */
export interface CleanUpReport {
  readonly releases: ReadonlyArray<{ readonly name: string; readonly versions: readonly string[] }>;
  /** `name` and version as go-semi-semantic prints it. */
  readonly stemcells: ReadonlyArray<{ readonly name: string; readonly version: string }>;
  readonly compiledPackages: ReadonlyArray<{
    readonly name: string;
    readonly stemcellOs: string;
    readonly stemcellVersion: string;
  }>;
  readonly exportedReleases: readonly string[];
  readonly dnsBlobs: readonly string[];
  readonly orphanedDisks: ReadonlyArray<{
    readonly cid: string;
    readonly deployment: string;
    readonly instance: string;
    readonly size: number;
  }>;
  readonly orphanedVms: ReadonlyArray<{
    readonly cid: string;
    readonly deployment: string;
    readonly instance: string;
  }>;
}

const options = (all: boolean, keepOrphanedDisks: boolean): Array<[string, string]> => [
  ['remove_all', String(all)],
  ['keep_orphaned_disks', String(keepOrphanedDisks)],
];

/** POST /cleanup `{"config":{"keep_orphaned_disks":…,"remove_all":…}}`, following the task (bosh-cli `cleanUp`). */
export async function cleanUp(d: Director, all: boolean, keepOrphanedDisks: boolean): Promise<void> {
  // A Go map[string]bool: its keys marshal sorted.
  const body = goJsonMarshal({ config: { keep_orphaned_disks: keepOrphanedDisks, remove_all: all } });
  try {
    await d.tasks.postResult('/cleanup', { body, headers: { 'Content-Type': 'application/json' } });
  } catch (e) {
    throw wrapError(e, 'Cleaning up resources');
  }
}

/** GET /cleanup/dryrun?keep_orphaned_disks=…&remove_all=… (bosh-cli `dryCleanUp`). */
export async function dryCleanUp(
  d: Director,
  all: boolean,
  keepOrphanedDisks: boolean,
): Promise<CleanUpReport> {
  try {
    const r = await d.req.get(withQuery('/cleanup/dryrun', options(all, keepOrphanedDisks)));
    // Converted as bosh-cli does (orphaned VMs' times, then stemcell versions), failing the same way.
    const orphanedVms = list(r, 'orphaned_vms').map((x) => {
      const { cid, deployment, instance } = orphanedVmOf(x);
      return { cid, deployment, instance };
    });
    const stemcells = list(r, 'stemcells').map((s) => {
      const name = str(s, 'name');
      const version = str(s, 'version');
      try {
        return { name, version: formatVersion(parseVersion(version)) };
      } catch (e) {
        throw wrapError(e, `Parsing version for stemcell '${name}/${version}'`);
      }
    });
    return {
      releases: list(r, 'releases').map((x) => ({ name: str(x, 'name'), versions: strings(x, 'versions') })),
      stemcells,
      compiledPackages: list(r, 'compiled_packages').map((x) => ({
        name: str(x, 'package_name'),
        stemcellOs: str(x, 'stemcell_os'),
        stemcellVersion: str(x, 'stemcell_version'),
      })),
      exportedReleases: strings(r, 'exported_releases'),
      dnsBlobs: strings(r, 'dns_blobs'),
      orphanedDisks: list(r, 'orphaned_disks').map((x) => ({
        cid: str(x, 'disk_cid'),
        deployment: str(x, 'deployment_name'),
        instance: str(x, 'instance_name'),
        size: int(x, 'size'),
      })),
      orphanedVms,
    };
  } catch (e) {
    throw wrapError(e, 'Cleaning up resources');
  }
}
