/**
 * `DeploymentPlan::PlannerFactory`: the manifest and the latest cloud config parsed, release versions and stemcells
 * resolved from the store (`latest` replaced), and the deployment's instances as the planner's current side.
 */
import { parseYaml } from '../../base/yaml/parse.js';
import { isMap, type YamlKey, type YamlMap, type YamlValue } from '../../base/yaml/value.js';
import { BoshError } from '../../core/errors.js';
import { parseCloudConfig, parseDeploymentManifest } from '../../core/manifest/index.js';
import type { CloudConfig, DeploymentManifest } from '../../core/manifest/types.js';
import { compareVersions, parseVersion } from '../../core/release/semi-semantic.js';
import type { AppliedSpec, CurrentInstance, StemcellRef } from '../../core/planner/index.js';
import type { ReleaseVersionRecord, StemcellRecord } from '../../ports/director-release-store.js';
import type { DeploymentState } from '../../ports/director-deploy-store.js';
import type { DirectorStore } from '../../ports/director-store.js';
import { currentIp } from './ip-reservations.js';

export interface Resolved {
  readonly manifest: DeploymentManifest;
  readonly cloudConfig: CloudConfig;
  readonly cloudConfigIds: readonly number[];
  readonly releases: ReadonlyMap<string, ReleaseVersionRecord>;
  /** Stemcell alias (or os/name) → record. */
  readonly stemcells: ReadonlyMap<string, StemcellRecord>;
  /** Digests of the groups' properties with their variables resolved (render-properties.ts), for the planner. */
  readonly propertiesDigests?: Readonly<Record<string, string>>;
}

const newest = <T>(items: readonly T[], version: (t: T) => string): T | undefined =>
  [...items].sort((a, b) => compareVersions(parseVersion(version(a)), parseVersion(version(b)))).at(-1);

export async function resolveDeployment(store: DirectorStore, manifestText: string): Promise<Resolved> {
  const cloud = await store.configs.latest({ type: 'cloud' });
  const cloudRecord = cloud[0];
  if (cloudRecord === undefined) throw new BoshError('DirectorError', 'No cloud config uploaded yet.');
  const cloudConfig = parseCloudConfig(parseYaml(cloudRecord.content)).value;
  const manifest = parseDeploymentManifest(parseYaml(manifestText), cloudConfig).value;
  const releases = new Map<string, ReleaseVersionRecord>();
  const all = await store.releases.list();
  for (const r of manifest.releases) {
    const release = all.find((x) => x.name === r.name);
    const version =
      r.version === 'latest'
        ? newest(release?.versions ?? [], (v) => v.version)
        : release?.versions.find((v) => v.version === r.version);
    if (version === undefined)
      throw new BoshError('ReleaseVersionNotFound', `Release version '${r.name}/${r.version}' doesn't exist`);
    releases.set(r.name, version);
  }
  const uploaded = await store.stemcells.list();
  const stemcells = new Map<string, StemcellRecord>();
  for (const s of manifest.stemcells) {
    const key = s.alias ?? s.os ?? s.name ?? '';
    const matching = uploaded.filter((u) => (s.os !== null ? u.operatingSystem === s.os : u.name === s.name));
    const found =
      s.version === 'latest'
        ? newest(matching, (u) => u.version)
        : matching.find((u) => u.version === s.version);
    if (found === undefined)
      throw new BoshError('StemcellNotFound', `Stemcell '${key}/${s.version}' doesn't exist`);
    stemcells.set(key, found);
  }
  return { manifest, cloudConfig, cloudConfigIds: cloud.map((c) => c.id), releases, stemcells };
}

/** What a deploy stores in `instances.spec` besides the apply spec: the planner's view of the last apply. */
export interface StoredSpec {
  readonly apply: Record<string, unknown>;
  readonly applied: AppliedSpec;
  readonly stemcell: StemcellRef;
  readonly cloudPropertiesJson: unknown;
  readonly envJson: unknown;
  /** The group's `vm_type` name (BOSH's spec `vm_type.name`, which `bosh vms` shows); absent in older specs. */
  readonly vmType?: string | null;
}

/** Stored JSON (cloud properties, env) as the YAML map the planner compares with the manifest's. */
export const yamlMap = (json: unknown): YamlMap => {
  const v: YamlValue = parseYaml(JSON.stringify(json ?? {}));
  return isMap(v) ? v : new Map<YamlKey, YamlValue>();
};

export function currentInstances(state: DeploymentState | undefined): CurrentInstance[] {
  return (state?.instances ?? [])
    .filter((i) => !i.compilation)
    .map((i) => {
      const stored = i.spec as StoredSpec | null;
      const vm = i.activeVm;
      return {
        uuid: i.uuid,
        group: i.job,
        index: i.index,
        az: i.availabilityZone,
        bootstrap: i.bootstrap,
        state: i.state,
        ignore: i.ignore,
        dirty: !i.updateCompleted,
        vm:
          vm === null || vm.cid === null
            ? null
            : {
                cid: vm.cid,
                agentId: vm.agentId ?? '',
                // What the VM was created with (its row), even when no apply ever completed on it.
                stemcell: { name: vm.stemcellName ?? '', version: vm.stemcellVersion ?? '' },
                cloudProperties: yamlMap(vm.cloudProperties ?? stored?.cloudPropertiesJson),
                env: yamlMap(vm.env ?? stored?.envJson),
              },
        disks: i.disks
          .filter((d) => d.active)
          .map((d) => ({
            cid: d.diskCid,
            name: d.name,
            size: d.size ?? 0,
            cloudProperties: yamlMap(d.cloudProperties),
          })),
        ips: i.ips.map(currentIp),
        applied: stored?.applied ?? null,
      };
    });
}
