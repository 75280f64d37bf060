import type { YamlMap, YamlValue } from '../../base/yaml/value.js';

/** The typed model of deployment manifests v2, cloud configs and runtime configs. */

export interface AvailabilityZone {
  readonly name: string;
  readonly cloudProperties: YamlMap;
  readonly cpi: string | null;
}

export interface ManualSubnet {
  readonly name: string | null;
  readonly range: string;
  readonly gateway: string | null;
  readonly dns: readonly string[] | null;
  /** Addresses BOSH never hands out: network id, broadcast, gateway and `reserved`. */
  readonly reserved: readonly string[];
  readonly static: readonly string[];
  readonly azs: readonly string[] | null;
  readonly cloudProperties: YamlMap;
}

export interface DynamicSubnet {
  readonly azs: readonly string[] | null;
  readonly dns: readonly string[] | null;
  readonly cloudProperties: YamlMap;
}

export type Network =
  | { readonly type: 'manual'; readonly name: string; readonly subnets: readonly ManualSubnet[] }
  | { readonly type: 'dynamic'; readonly name: string; readonly subnets: readonly DynamicSubnet[] }
  | { readonly type: 'vip'; readonly name: string; readonly cloudProperties: YamlMap };

export interface NamedCloudProperties {
  readonly name: string;
  readonly cloudProperties: YamlMap;
}

export interface DiskType extends NamedCloudProperties {
  readonly diskSize: number;
}

export interface CompilationConfig {
  readonly workers: number;
  readonly network: string;
  readonly az: string | null;
  readonly vmType: string | null;
  readonly vmResources: YamlMap | null;
  readonly vmExtensions: readonly string[];
  readonly cloudProperties: YamlMap;
  readonly env: YamlMap;
  readonly reuseCompilationVms: boolean;
  readonly orphanWorkers: boolean;
}

export interface CloudConfig {
  readonly azs: readonly AvailabilityZone[];
  readonly networks: readonly Network[];
  readonly vmTypes: readonly NamedCloudProperties[];
  readonly vmExtensions: readonly NamedCloudProperties[];
  readonly diskTypes: readonly DiskType[];
  readonly compilation: CompilationConfig;
}

export interface Release {
  readonly name: string;
  /** A version string, or `latest`. */
  readonly version: string;
  readonly url: string | null;
  readonly sha1: string | null;
}

export interface Stemcell {
  readonly alias: string | null;
  readonly os: string | null;
  readonly name: string | null;
  readonly version: string;
}

export type VmStrategy = 'delete-create' | 'create-swap-delete';
export type AzUpdateStrategy = 'serial' | 'parallel';

/** A watch time in ms: `N` means min = max = N. */
export interface WatchTime {
  readonly min: number;
  readonly max: number;
}

export interface UpdateConfig {
  /** `canaries` and `max_in_flight` as written (`"2"` or `"30%"`); resolved against a group size later. */
  readonly canaries: string;
  readonly maxInFlight: string;
  readonly canaryWatchTime: WatchTime;
  readonly updateWatchTime: WatchTime;
  readonly serial: boolean;
  readonly vmStrategy: VmStrategy;
  readonly initialDeployAzUpdateStrategy: AzUpdateStrategy;
}

export interface JobSpec {
  readonly name: string;
  readonly release: string;
  /** null: the job takes the instance group's (and global) properties. */
  readonly properties: YamlMap | null;
  readonly consumes: YamlMap;
  readonly provides: YamlMap;
  readonly customProviderDefinitions: readonly YamlValue[];
}

export interface InstanceGroupNetwork {
  readonly name: string;
  /** Each static IP once, expanded from ranges. null when `static_ips` is absent. */
  readonly staticIps: readonly string[] | null;
  /** The properties (`dns`, `gateway`, `addressable`) this network is the default for. */
  readonly default: readonly string[];
}

export type PersistentDisk =
  | { readonly kind: 'none' }
  | { readonly kind: 'size'; readonly size: number }
  | { readonly kind: 'type'; readonly type: string }
  | { readonly kind: 'disks'; readonly disks: readonly { readonly name: string; readonly type: string }[] };

export type Lifecycle = 'service' | 'errand';

export interface MigratedFrom {
  readonly name: string;
  readonly az: string | null;
}

export interface InstanceGroup {
  readonly name: string;
  readonly lifecycle: Lifecycle;
  readonly azs: readonly string[] | null;
  readonly instances: number;
  readonly jobs: readonly JobSpec[];
  readonly vmType: string | null;
  readonly vmResources: YamlMap | null;
  readonly vmExtensions: readonly string[];
  readonly stemcell: string;
  readonly persistentDisk: PersistentDisk;
  readonly networks: readonly InstanceGroupNetwork[];
  readonly env: YamlMap;
  readonly properties: YamlMap;
  readonly update: UpdateConfig;
  readonly migratedFrom: readonly MigratedFrom[];
  readonly state: string | null;
  readonly tags: YamlMap;
}

/** A `variables:` entry; nameValue, options (null if absent), updateStrategy (undefined if absent) raw. */
export interface Variable {
  readonly name: string;
  readonly nameValue: YamlValue;
  readonly type: string;
  readonly options: YamlMap | null;
  readonly consumes: YamlMap | null;
  readonly updateMode: string | null;
  readonly updateStrategy: YamlValue | undefined;
}

export interface Features {
  readonly useTmpfsConfig: boolean | null;
  readonly convergeVariables: boolean;
  readonly randomizeAzPlacement: boolean | null;
  readonly useDnsAddresses: boolean | null;
  readonly useShortDnsAddresses: boolean | null;
  readonly useLinkDnsNames: boolean | null;
}

export interface AddonJob {
  readonly name: string;
  readonly release: string;
  readonly properties: YamlMap | null;
  readonly consumes: YamlMap;
  readonly provides: YamlMap;
}

export interface AddonFilter {
  readonly deployments: readonly string[];
  readonly jobs: readonly { readonly name: string; readonly release: string }[];
  readonly instanceGroups: readonly string[];
  readonly stemcellOs: readonly string[];
  readonly networks: readonly string[];
  readonly teams: readonly string[];
  readonly azs: readonly string[];
  readonly lifecycle: string;
}

export interface Addon {
  readonly name: string;
  readonly jobs: readonly AddonJob[];
  readonly properties: YamlMap;
  readonly include: AddonFilter | null;
  readonly exclude: AddonFilter | null;
}

export interface DeploymentManifest {
  readonly name: string;
  readonly releases: readonly Release[];
  readonly stemcells: readonly Stemcell[];
  readonly update: UpdateConfig;
  readonly instanceGroups: readonly InstanceGroup[];
  readonly variables: readonly Variable[];
  readonly features: Features;
  readonly tags: YamlMap;
  /** Deprecated global `properties` (BOSH warns but still merges them into jobs). */
  readonly properties: YamlMap;
  readonly addons: readonly Addon[];
}

export interface RuntimeConfig {
  readonly releases: readonly Release[];
  readonly addons: readonly Addon[];
  readonly variables: readonly Variable[];
  readonly tags: YamlMap;
}

/** A successful parse: the model and BOSH's deprecation warnings. */
export interface Parsed<T> {
  readonly value: T;
  readonly warnings: readonly string[];
}
