/**
 * `LinksManager#resolve_deployment_links`: every consumer intent of the deployment bound to exactly one provider
 * intent (by type; by alias too when the manifest names it), a manual link, or nothing (optional, blocked). Every
 * failure is collected and reported at once, as BOSH does.
 */
import { BoshError } from '../errors.js';
import { bindForeign, foreignCandidates, storedNetworks } from './foreign.js';
import { parseConsumers, parseProviders } from './parse.js';
import type { ConsumerIntent, DeploymentLinks, LinksInput, ProviderIntent, ResolvedLink } from './types.js';

/** A provider as a link error names it: with its deployment when it is another one than the consumer's. */
type NamedProvider = Pick<ProviderIntent, 'group' | 'job' | 'originalName' | 'name'> & {
  readonly deployment?: string;
};

/** `LinksErrorBuilder.build_link_error`. */
function linkError(
  consumer: ConsumerIntent,
  providers: readonly NamedProvider[],
  deployment: string,
  network: string | null,
): string {
  let header = `Failed to resolve link '${consumer.originalName}' with `;
  if (consumer.originalName !== consumer.name) header += `alias '${consumer.name}' and `;
  header += `type '${consumer.type}' from job '${consumer.job}'`;
  header += consumer.group === '' ? '.' : ` in instance group '${consumer.group}'.`;
  header += providers.length > 1 ? ' Multiple link providers found:' : ' Details below:';
  const lines =
    providers.length === 0
      ? ['No link providers found']
      : providers.map((p) => {
          let line = `Link provider '${p.originalName}' `;
          if (p.originalName !== p.name) line += `with alias '${p.name}' `;
          line += `from job '${p.job}' in instance group '${p.group}' in deployment '${p.deployment ?? deployment}'`;
          return network === null ? line : `${line} does not belong to network '${network}'`;
        });
  return `${header}\n${lines.map((l) => `    - ${l}`).join('\n')}`;
}

const groupNetworks = (input: LinksInput, group: string): string[] =>
  input.groups.find((g) => g.name === group)?.networks.map((n) => n.name) ?? [];

/** The link of one consumer intent: undefined when it gets none; a string when it cannot be resolved. */
function resolveOne(
  input: LinksInput,
  consumer: ConsumerIntent,
  providers: readonly ProviderIntent[],
): ResolvedLink | string | undefined {
  if (consumer.manual !== null) return { kind: 'manual', manual: consumer.manual };
  const from = consumer.fromDeployment;
  if (from !== null && from !== input.deployment && !consumer.blocked)
    return resolveForeign(input, consumer, from);
  const found = consumer.blocked
    ? []
    : providers.filter(
        (p) => p.type === consumer.type && (!consumer.explicit || p.name === consumer.name) && p.consumable,
      );
  if (found.length === 0 && consumer.optional && !(consumer.explicit && !consumer.blocked)) return undefined;
  const [provider] = found;
  if (provider === undefined || found.length > 1)
    return linkError(consumer, found, input.deployment, consumer.network);
  if (consumer.network !== null && !groupNetworks(input, provider.group).includes(consumer.network))
    return linkError(consumer, found, input.deployment, consumer.network);
  return { kind: 'provider', provider, network: consumer.network };
}

/**
 * A consumer of another deployment's shared provider, validated in BOSH's order. Being explicit, it fails even when
 * optional (BOSH lets only implicit or blocked optional consumers go without a provider).
 */
function resolveForeign(input: LinksInput, consumer: ConsumerIntent, from: string): ResolvedLink | string {
  const found = foreignCandidates(consumer, input.foreign?.get(from) ?? []);
  const [provider] = found;
  if (provider === undefined || found.length > 1)
    return linkError(consumer, found, input.deployment, consumer.network);
  const { network } = consumer;
  if (network !== null && !storedNetworks(provider.content).includes(network))
    return linkError(consumer, found, input.deployment, network);
  return bindForeign(consumer, provider);
}

/** Parses every job's links (throwing at the first job with errors), then resolves them all. */
export function resolveLinks(input: LinksInput): DeploymentLinks {
  const providers: ProviderIntent[] = [];
  const consumers: ConsumerIntent[] = [];
  for (const group of input.groups) {
    for (const job of group.jobs) {
      providers.push(...parseProviders(job, group.name));
      consumers.push(...parseConsumers(job, group.name, input.deployment, input.deployments));
    }
  }
  const errors: string[] = [];
  const bound = new Map<string, Map<string, ResolvedLink>>();
  for (const consumer of consumers) {
    const key = `${consumer.group}/${consumer.job}`;
    const links = bound.get(key) ?? new Map<string, ResolvedLink>();
    bound.set(key, links);
    const link = resolveOne(input, consumer, providers);
    if (typeof link === 'string') errors.push(link);
    else if (link !== undefined) links.set(consumer.originalName, link);
  }
  if (errors.length > 0)
    throw new BoshError(
      'DirectorError',
      `Failed to resolve links from deployment '${input.deployment}'. See errors below:\n  - ${errors.join('\n  - ')}`,
    );
  return { deployment: input.deployment, groups: input.groups, providers, consumers: bound };
}

/** The links a job of a group consumes (original link name → binding). */
export const consumedLinks = (
  links: DeploymentLinks,
  group: string,
  job: string,
): ReadonlyMap<string, ResolvedLink> =>
  links.consumers.get(`${group}/${job}`) ?? new Map<string, ResolvedLink>();
