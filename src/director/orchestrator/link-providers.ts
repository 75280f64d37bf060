/**
 * `LinksManager#update_provider_intents_contents` at the end of a successful deploy: every provider intent of the
 * deployment stored, replacing the previous deploy's, with its link spec when something may consume it (it is
 * shared, or a consumer of this deployment is bound to it). Consumers in other deployments resolve against these.
 * The properties are stored as written, `((variables))` unresolved, so no secret is kept here in clear: a consumer
 * resolves them with this deployment's variables when it renders (foreign-link-properties.ts), as BOSH does.
 */
import { providerLinkSpec, type DeploymentLinks, type ProviderIntent } from '../../core/links/index.js';
import type { LinkProviderRecord } from '../../ports/director-store.js';
import type { DeploymentRun } from './deployment-run.js';
import { providerInstances } from './render-links.js';

/** The provider intents some consumer of the deployment itself is bound to. */
function consumedHere(links: DeploymentLinks): Set<ProviderIntent> {
  const bound = new Set<ProviderIntent>();
  for (const jobs of links.consumers.values())
    for (const link of jobs.values()) if (link.kind === 'provider') bound.add(link.provider);
  return bound;
}

export async function storeLinkProviders(run: DeploymentRun, links: DeploymentLinks): Promise<void> {
  const consumed = consumedHere(links);
  const records: LinkProviderRecord[] = [];
  for (const p of links.providers) {
    const group = links.groups.find((g) => g.name === p.group);
    let content: unknown = null;
    if (group !== undefined && (p.shared || consumed.has(p))) {
      const instances = await providerInstances(run, p.group);
      content = providerLinkSpec(p, links.deployment, group, instances);
    }
    const { job, originalName, name, type, shared, consumable } = p;
    records.push({ group: p.group, job, originalName, name, type, shared, consumable, content });
  }
  await run.deps.store.linkProviders.replace(run.deployment.id, records);
}
