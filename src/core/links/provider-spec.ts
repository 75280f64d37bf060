/**
 * What a deploy stores for each of its provider intents (`LinksManager#update_provider_intents_contents` with
 * `DeploymentPlan::Link#spec`): the provider group's desired instances with their address on every network, so a
 * consumer in another deployment can pick its own network later without this deployment's plan.
 */
import { DOMAIN, defaultNetworkName, dnsName } from './content.js';
import type { LinkGroup, ProviderInstance, ProviderIntent, ProviderLinkSpec } from './types.js';

export function providerLinkSpec(
  provider: ProviderIntent,
  deployment: string,
  group: LinkGroup,
  instances: readonly ProviderInstance[],
): ProviderLinkSpec {
  const networks = group.networks.map((n) => n.name);
  const defaultNetwork = defaultNetworkName(group) ?? networks[0] ?? '';
  const sorted = [...instances].sort((a, b) => a.index - b.index);
  return {
    deployment_name: deployment,
    domain: DOMAIN,
    default_network: defaultNetwork,
    networks,
    instance_group: group.name,
    properties: structuredClone(provider.properties),
    // This director runs no DNS: its addresses are IPs (a DNS name only where no IP is known yet).
    use_short_dns_addresses: false,
    use_dns_addresses: false,
    use_link_dns_names: false,
    instances: sorted.map((i) => {
      const dns = Object.fromEntries(networks.map((n) => [n, dnsName(i.uuid, group.name, n, deployment)]));
      const addresses = Object.fromEntries(networks.map((n) => [n, i.addresses[n] ?? dns[n] ?? '']));
      return {
        name: group.name,
        id: i.uuid,
        index: i.index,
        bootstrap: i.bootstrap,
        az: i.az,
        address: addresses[defaultNetwork] ?? '',
        addresses,
        dns_addresses: dns,
      };
    }),
  };
}
