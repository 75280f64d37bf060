/**
 * A consumed link's content as templates see it (`DeploymentPlan::Link#spec` after `LinksManager#update_addresses`;
 * a manual link's hash as the manifest gives it).
 */
import { isHash } from '../templates/properties.js';
import { canonicalize } from '../manifest/cloud-networks.js';
import type { LinkContent, LinkGroup, LinkInstanceContent, ProviderInstance, ResolvedLink } from './types.js';

export const DOMAIN = 'bosh';

/** `InstanceGroup#default_network_name`: the `addressable` network, else the `gateway` one (a lone network is both). */
export function defaultNetworkName(group: Pick<LinkGroup, 'networks'>): string | undefined {
  const lone = group.networks.length === 1 ? group.networks[0] : undefined;
  if (lone !== undefined && lone.default.length === 0) return lone.name;
  return (
    group.networks.find((n) => n.default.includes('addressable')) ??
    group.networks.find((n) => n.default.includes('gateway'))
  )?.name;
}

/**
 * `DnsEncoder#encode_query` in its long form: `link('x').address` (healthy-or-not instances, no AZ filter), and an
 * instance's address when its IP is not known yet (BOSH addresses instances of dynamic networks by DNS this way).
 */
export const dnsName = (head: string, group: string, network: string, deployment: string): string =>
  [head, canonicalize(group), canonicalize(network), canonicalize(deployment), DOMAIN].join('.');

/**
 * The content of a link bound in this deployment (another deployment's comes with its content, `foreign.ts`). A
 * provider's properties are taken as given, not copied: the caller hands in ones made for this content.
 */
export function linkContent(
  link: Exclude<ResolvedLink, { readonly kind: 'foreign' }>,
  deployment: string,
  group: LinkGroup | undefined,
  instances: readonly ProviderInstance[],
): LinkContent {
  if (link.kind === 'manual') {
    const { manual } = link;
    // BOSH hands the manifest's manual instances to templates untouched; keys they lack read as nil.
    const given = Array.isArray(manual.instances) ? (manual.instances as LinkInstanceContent[]) : [];
    return {
      instances: given,
      properties: isHash(manual.properties) ? manual.properties : null,
      ...(typeof manual.address === 'string' ? { address: manual.address } : {}),
      deployment_name: deployment,
    };
  }
  const { provider } = link;
  const groupName = provider.group;
  const network = link.network ?? (group === undefined ? undefined : defaultNetworkName(group)) ?? '';
  const sorted = [...instances].sort((a, b) => a.index - b.index);
  return {
    deployment_name: deployment,
    domain: DOMAIN,
    default_network: network,
    instance_group: groupName,
    properties: provider.properties,
    address: dnsName('q-s0', groupName, network, deployment),
    instances: sorted.map((i) => ({
      name: groupName,
      id: i.uuid,
      index: i.index,
      bootstrap: i.bootstrap,
      az: i.az,
      address: i.addresses[network] ?? dnsName(i.uuid, groupName, network, deployment),
    })),
  };
}
