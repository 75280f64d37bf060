/**
 * A consumer of another deployment's link (`consumes: {x: {from: y, deployment: other}}`): matched against the
 * provider intents that deployment stored (`LinksManager#provider_intents_for_consumer_intent`), then the stored
 * content addressed on the consumer's network (`LinksManager#update_addresses`).
 */
import { isHash } from '../templates/properties.js';
import { dnsName } from './content.js';
import type {
  ConsumerIntent,
  LinkContent,
  LinkInstanceContent,
  ResolvedLink,
  StoredProvider,
} from './types.js';

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** BOSH's `LinkLookupError`: the stored content has no address on the network asked for. */
const noNetwork = (network: string): string => `Provider link does not have network: '${network}'`;

/** `update_addresses` then the keys templates see; a string when an instance has no address on the network. */
export function foreignLinkContent(stored: unknown, network: string | null): LinkContent | string {
  const spec = isHash(stored) ? stored : {};
  const instances = Array.isArray(spec['instances']) ? spec['instances'].filter(isHash) : [];
  // Content stored before default networks were recorded: instances keep their address unless a network is named.
  const hasDefault = Object.hasOwn(spec, 'default_network');
  const name = network ?? text(spec['default_network']);
  const key = hasDefault && spec['use_dns_addresses'] === true ? 'dns_addresses' : 'addresses';
  const addressed: LinkInstanceContent[] = [];
  for (const i of instances) {
    let address = i['address'];
    if (hasDefault || network !== null) {
      const addresses = isHash(i[key]) ? i[key] : {};
      if (!Object.hasOwn(addresses, name)) return noNetwork(name);
      address = addresses[name];
    }
    addressed.push({
      name: text(i['name']),
      id: text(i['id']),
      index: typeof i['index'] === 'number' ? i['index'] : 0,
      az: typeof i['az'] === 'string' ? i['az'] : null,
      address: text(address),
      bootstrap: i['bootstrap'] === true,
    });
  }
  const deployment = text(spec['deployment_name']);
  const group = text(spec['instance_group']);
  const properties = spec['properties'];
  return {
    deployment_name: deployment,
    domain: text(spec['domain']),
    ...(hasDefault ? { default_network: name } : {}),
    instance_group: group,
    properties: isHash(properties) ? structuredClone(properties) : null,
    ...(name === '' ? {} : { address: dnsName('q-s0', group, name, deployment) }),
    instances: addressed,
  };
}

/**
 * The stored intents a consumer of `deployment:` may bind to: its type, and when the manifest names it (it always
 * does: `deployment:` is written in its `consumes` block) its name, shared by the provider; never a blocked one.
 */
export const foreignCandidates = (
  consumer: ConsumerIntent,
  stored: readonly StoredProvider[],
): StoredProvider[] =>
  stored.filter(
    (p) =>
      p.type === consumer.type &&
      (!consumer.explicit || (p.name === consumer.name && p.shared)) &&
      p.consumable,
  );

/** The networks a stored content says its group has (`networks`; none when absent). */
export const storedNetworks = (content: unknown): readonly string[] => {
  const networks = isHash(content) ? content['networks'] : undefined;
  return Array.isArray(networks) ? networks.filter((n): n is string => typeof n === 'string') : [];
};

/** The one candidate bound, with its content; else the error text (link errors are built by the caller). */
export function bindForeign(
  consumer: ConsumerIntent,
  provider: StoredProvider,
): Extract<ResolvedLink, { kind: 'foreign' }> | string {
  const content = foreignLinkContent(provider.content, consumer.network);
  if (typeof content === 'string') return content;
  return { kind: 'foreign', provider, network: consumer.network, content };
}
