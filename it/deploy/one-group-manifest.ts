/**
 * The manifest most deploy tests write: one instance group running one job of one release, named after the job,
 * in zone z1 on the default network, with a canary and one instance at a time unless `update` says otherwise.
 */
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

export interface OneGroupManifest {
  /** The release, at its latest version. */
  readonly release: string;
  /** The job, and the instance group's name. */
  readonly job: string;
  readonly instances: number;
  /** canary_watch_time and update_watch_time. */
  readonly watch: string;
  readonly properties?: Record<string, unknown>;
  readonly update?: Record<string, unknown>;
  /** Extra keys of the instance group. */
  readonly group?: Record<string, unknown>;
  /** Extra top-level keys. */
  readonly extra?: Record<string, unknown>;
}

/** Writes deployment `name`'s manifest to `path` and returns the path. */
export async function writeOneGroupManifest(
  path: string,
  name: string,
  o: OneGroupManifest,
): Promise<string> {
  await writeFile(
    path,
    stringify({
      name,
      releases: [{ name: o.release, version: 'latest' }],
      stemcells: [{ alias: 'default', os: 'debian-bookworm', version: 'latest' }],
      update: {
        canaries: 1,
        max_in_flight: 1,
        canary_watch_time: o.watch,
        update_watch_time: o.watch,
        ...o.update,
      },
      instance_groups: [
        {
          name: o.job,
          instances: o.instances,
          azs: ['z1'],
          vm_type: 'small',
          stemcell: 'default',
          networks: [{ name: 'default' }],
          jobs: [{ name: o.job, release: o.release, properties: o.properties ?? {} }],
          ...o.group,
        },
      ],
      ...o.extra,
    }),
  );
  return path;
}
