/**
 * What tests of `bosh clean-up` run against: release versions, stemcells and deployments using some of them, and
 * orphaned VMs (with an address each) and disks, seeded in a real store (their CPI: `FakeDeleteCpi`).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobHarness } from './director-job-harness.js';

/** Release `name` at `version`, with package `pkg-<version>` (its blob in the blobstore) compiled for `compiledFor`. */
export async function seedRelease(
  h: JobHarness,
  name: string,
  version: string,
  compiledFor?: { readonly os: string; readonly version: string },
): Promise<void> {
  const blob = async (what: string): Promise<string> => {
    const file = join(h.work, `${name}-${version}-${what}`);
    await writeFile(file, what);
    return h.blobstore.put(file);
  };
  const fingerprint = `${name}-${version}`;
  await h.store.releases.createVersion({
    name,
    version,
    commitHash: 'c',
    uncommittedChanges: false,
    packages: [
      {
        name: `pkg-${version}`,
        version: fingerprint,
        blobstoreId: await blob('package'),
        sha1: 's',
        fingerprint,
        dependencies: [],
      },
    ],
    jobs: [],
    compiledPackages:
      compiledFor === undefined
        ? []
        : [
            {
              packageFingerprint: fingerprint,
              packageName: `pkg-${version}`,
              stemcellOs: compiledFor.os,
              stemcellVersion: compiledFor.version,
              build: 1,
              dependencyKey: '[]',
              dependencyKeySha1: 'k',
              blobstoreId: await blob('compiled'),
              sha1: 's',
            },
          ],
  });
}

/** Stemcell `name/version` of OS `ubuntu-jammy`, cid `sc-<name>-<version>`; its id. */
export async function seedStemcell(h: JobHarness, name: string, version: string): Promise<number> {
  const s = await h.store.stemcells.create({
    name,
    version,
    operatingSystem: 'ubuntu-jammy',
    cid: `sc-${name}-${version}`,
    sha1: 's',
    cpi: '',
    apiVersion: 2,
  });
  return s.id;
}

/**
 * An instance `web/uuid-<cid>` of deployment `demo` whose VM `cid` (address `ip`) was orphaned at `at`, and, when
 * `disk` is given, whose disk of that cid was orphaned too.
 */
export async function seedOrphans(
  h: JobHarness,
  o: { readonly vm?: string; readonly ip?: string; readonly disk?: string; readonly at?: number },
): Promise<void> {
  const { store } = h;
  const d = await store.deployments.findOrCreate('demo');
  const set = await store.variables.createSet({ deploymentId: d.id, createdAt: 1 });
  const instance = await store.instances.create({
    deploymentId: d.id,
    job: 'web',
    index: (await store.instances.list(d.id)).length,
    uuid: `uuid-${o.vm ?? o.disk ?? ''}`,
    state: 'started',
    variableSetId: set.id,
    availabilityZone: 'z1',
  });
  if (o.vm !== undefined) {
    const vm = await store.vms.create({ instanceId: instance.id, agentId: `agent-${o.vm}`, cid: o.vm });
    if (o.ip !== undefined) {
      await store.ips.reserve([
        {
          networkName: 'default',
          address: o.ip,
          static: false,
          instanceId: instance.id,
          vmId: vm.id,
          createdAt: 1,
        },
      ]);
    }
    await store.vms.orphan(vm.id, o.at ?? 1_700_000_000);
  }
  if (o.disk !== undefined) {
    const disk = await store.disks.create({ instanceId: instance.id, diskCid: o.disk, size: 1024 });
    await store.disks.orphan(disk.id, o.at ?? 1_700_000_000);
  }
}
