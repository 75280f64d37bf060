/** The inputs and results of link resolution (BOSH `Links::LinksParser` and `Links::LinksManager`). */
import type { PropertyHash } from '../templates/properties.js';

/** A job of an instance group: its manifest link blocks (plain JSON) and what its release job spec declares. */
export interface LinkJob {
  readonly name: string;
  readonly release: string;
  /** The release job spec (job.MF as JSON): its `provides`, `consumes` and `properties` are read. */
  readonly spec: Readonly<Record<string, unknown>>;
  /** The manifest job's `provides` and `consumes` hashes ({} when absent). */
  readonly provides: Readonly<Record<string, unknown>>;
  readonly consumes: Readonly<Record<string, unknown>>;
  readonly customProviderDefinitions: readonly unknown[];
  /**
   * The properties link properties are taken from, as BOSH's parser sees them: the job's own `properties`, else the
   * global ones recursively merged with the group's (not interpolated, no spec defaults).
   */
  readonly properties: PropertyHash;
}

export interface LinkGroupNetwork {
  readonly name: string;
  /** `addressable`, `dns`, `gateway`: what this network is the default for (empty with a single network). */
  readonly default: readonly string[];
}

export interface LinkGroup {
  readonly name: string;
  readonly networks: readonly LinkGroupNetwork[];
  readonly jobs: readonly LinkJob[];
}

export interface LinksInput {
  readonly deployment: string;
  readonly groups: readonly LinkGroup[];
  /** Names of the director's other deployments (a consumer's `deployment:` must name one of them). */
  readonly deployments: ReadonlySet<string>;
  /** The provider intents other deployments stored at their last deploy, by deployment (those consumers name). */
  readonly foreign?: ReadonlyMap<string, readonly StoredProvider[]>;
}

/** What names a provider intent and says who may bind it: its job, names, type and flags. */
export interface ProviderIdentity {
  readonly job: string;
  readonly originalName: string;
  /** The alias (`as:`), or the original name. */
  readonly name: string;
  readonly type: string;
  readonly shared: boolean;
  /** False when the manifest blocks it (`provides: {x: nil}`). */
  readonly consumable: boolean;
}

/**
 * A provider intent of another deployment as its last successful deploy stored it (BOSH's `link_provider_intents`
 * row): what a consumer with `deployment:` is resolved against.
 */
export interface StoredProvider extends ProviderIdentity {
  readonly deployment: string;
  readonly group: string;
  /** The link spec (`ProviderLinkSpec` when this director wrote it), parsed JSON; null when nothing may consume it. */
  readonly content: unknown;
}

/** A provider intent: one `provides` (or custom provider definition) of a job of a group. */
export interface ProviderIntent extends ProviderIdentity {
  readonly group: string;
  /** The definition's `properties` list (property names). */
  readonly propertyNames: readonly string[];
  /** Those properties, each from the job's properties or else its spec default (variables not resolved). */
  readonly properties: PropertyHash;
}

/** A consumer intent: one `consumes` of a release job, with what the manifest says about it. */
export interface ConsumerIntent {
  readonly group: string;
  readonly job: string;
  readonly originalName: string;
  /** The provider name looked for: the last `.` part of `from:`, or the original name. */
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
  /** `consumes: {x: nil}`. */
  readonly blocked: boolean;
  /** The manifest names this consumer. */
  readonly explicit: boolean;
  readonly network: string | null;
  readonly fromDeployment: string | null;
  /** A manual link (`instances`, `properties`, `address` given in the manifest). */
  readonly manual: ManualLink | null;
}

export interface ManualLink {
  readonly instances: unknown;
  readonly properties: unknown;
  readonly address: unknown;
}

/** What a consumer is bound to. */
export type ResolvedLink =
  | { readonly kind: 'provider'; readonly provider: ProviderIntent; readonly network: string | null }
  | { readonly kind: 'manual'; readonly manual: ManualLink }
  /** Another deployment's shared provider, its stored content already addressed on the consumer's network. */
  | {
      readonly kind: 'foreign';
      readonly provider: StoredProvider;
      readonly network: string | null;
      readonly content: LinkContent;
    };

/** Every job's consumed links: `<group>/<job>` → original link name → what it is bound to. */
export interface DeploymentLinks {
  readonly deployment: string;
  readonly groups: readonly LinkGroup[];
  /** Every provider intent of the deployment (a deploy stores them for other deployments' consumers). */
  readonly providers: readonly ProviderIntent[];
  readonly consumers: ReadonlyMap<string, ReadonlyMap<string, ResolvedLink>>;
}

/** One instance of a link, as templates see it in `link('x').instances` (the template renderer's `LinkInstance`). */
export interface LinkInstanceContent {
  readonly name: string;
  readonly id: string;
  readonly index: number;
  readonly az: string | null;
  readonly address: string;
  readonly bootstrap: boolean;
  /** Only a manual link's instances, as the manifest gives them, may have their own. */
  readonly properties?: PropertyHash | null;
}

/** A consumed link's content: TemplateSpec's whitelisted link keys (the template renderer's `LinkSpec`). */
export interface LinkContent {
  readonly instances: readonly LinkInstanceContent[];
  readonly properties: PropertyHash | null;
  /** What `link('x').address` returns (the director computes the DNS query or manual address). */
  readonly address?: string;
  readonly instance_group?: string;
  readonly deployment_name?: string;
  readonly default_network?: string;
  readonly domain?: string;
}

/** A desired instance of a provider group, with its address on each network when known. */
export interface ProviderInstance {
  readonly uuid: string;
  readonly index: number;
  readonly az: string | null;
  readonly bootstrap: boolean;
  /** Network name → IP; a network without a known IP is absent. */
  readonly addresses: Readonly<Record<string, string>>;
}

/** One instance in a stored link spec: its address on the default network and on each network of its group. */
export interface ProviderSpecInstance {
  readonly name: string;
  readonly id: string;
  readonly index: number;
  readonly bootstrap: boolean;
  readonly az: string | null;
  readonly address: string;
  readonly addresses: Readonly<Record<string, string>>;
  readonly dns_addresses: Readonly<Record<string, string>>;
}

/** The content a deploy stores for a provider intent (`DeploymentPlan::Link#spec`, as JSON). */
export interface ProviderLinkSpec {
  readonly deployment_name: string;
  readonly domain: string;
  readonly default_network: string;
  readonly networks: readonly string[];
  readonly instance_group: string;
  readonly properties: PropertyHash;
  readonly use_short_dns_addresses: boolean;
  readonly use_dns_addresses: boolean;
  readonly use_link_dns_names: boolean;
  readonly instances: readonly ProviderSpecInstance[];
}
