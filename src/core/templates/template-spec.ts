/** The `spec` hash a job template sees (DeploymentPlan TemplateSpec + JobTemplateRenderer additions). */
import { canonicalize } from '../manifest/cloud-networks.js';
import { isHash, type PropertyHash } from './properties.js';

/** One network of the instance, as in the apply spec (`ip`, `netmask`, `gateway`, `default`, `type`, ...). */
export interface TemplateNetwork {
  readonly ip?: string | null;
  readonly netmask?: string | null;
  readonly gateway?: string | null;
  readonly default?: readonly string[];
  readonly type?: string;
  readonly [key: string]: unknown;
}

export interface TemplateSpecInput {
  readonly deployment: string;
  /** Instance group name (`spec.name`). */
  readonly name: string;
  readonly id: string;
  readonly index: number;
  readonly az: string | null;
  readonly bootstrap: boolean;
  readonly address: string | null;
  readonly networks: Readonly<Record<string, TemplateNetwork>>;
  /** Defaults to `bosh`. */
  readonly dnsDomainName?: string;
  /** Size in MB; 0 (the default) when the instance group has no persistent disk. */
  readonly persistentDisk?: number;
  /** The instance group spec (`spec.job`); defaults to `{name}`. */
  readonly job?: PropertyHash;
}

/** `<index>.<group>.<network>.<deployment>.<domain>`, as DnsNameGenerator.dns_record_name. */
export function dnsRecordName(
  index: number,
  group: string,
  network: string,
  deployment: string,
  domain: string,
): string {
  const net = network === '%' ? '%' : canonicalize(network);
  return [index, canonicalize(group), net, canonicalize(deployment), domain].join('.');
}

/**
 * The instance part of the template spec; jobs then add `properties`, `links` and `release`. Each network gets
 * its `dns_record_name`, dynamic networks get placeholder 127.0.0.1 addresses, and `ip` is the ip of the
 * `addressable` network, or else of the first `gateway` default network.
 */
export function buildTemplateSpec(input: TemplateSpecInput): PropertyHash {
  const domain = input.dnsDomainName ?? 'bosh';
  const job = input.job ?? { name: input.name };
  const groupName = typeof job['name'] === 'string' ? job['name'] : input.name;
  let ip: unknown = null;
  const networks: PropertyHash = {};
  for (const [netName, settings] of Object.entries(input.networks)) {
    const net: PropertyHash = {
      ...structuredClone(settings),
      dns_record_name: dnsRecordName(input.index, groupName, netName, input.deployment, domain),
    };
    const defaults = Array.isArray(settings.default) ? settings.default : [];
    if (defaults.includes('addressable') || (ip === null && defaults.includes('gateway'))) {
      ip = settings.ip ?? null;
    }
    if (settings.type === 'dynamic') {
      for (const key of ['ip', 'netmask', 'gateway']) net[key] ??= '127.0.0.1';
    }
    networks[netName] = net;
  }
  return {
    deployment: input.deployment,
    job: structuredClone(job),
    index: input.index,
    bootstrap: input.bootstrap,
    name: input.name,
    id: input.id,
    az: input.az,
    networks,
    properties_need_filtering: true,
    dns_domain_name: domain,
    persistent_disk: input.persistentDisk ?? 0,
    address: input.address,
    ip,
  };
}

/** The spec one job renders with: its own bound properties and links, plus its release. */
export function jobTemplateSpec(
  instanceSpec: PropertyHash,
  job: {
    readonly properties: PropertyHash;
    readonly links: PropertyHash;
    readonly release: { name: string; version: string };
  },
): PropertyHash {
  return {
    ...instanceSpec,
    properties: job.properties,
    links: isHash(job.links) ? job.links : {},
    release: { name: job.release.name, version: job.release.version },
  };
}
