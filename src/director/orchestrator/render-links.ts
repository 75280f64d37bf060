/**
 * Links in a deploy: resolved once from the manifest and the release job specs before anything is prepared (BOSH
 * resolves them while it builds the deployment plan, so a broken link fails the task before any stage), then each
 * rendered job is given its consumed links' content, with the provider group's desired instances and their IPs.
 * Addresses are IPs (a VM's, else a reserved one): this director runs no DNS, so BOSH's DNS names would not resolve.
 * A consumer of another deployment's link gets what that deployment stored at its last deploy (link-providers.ts).
 */
import { memoPromise } from '../../base/memo-promise.js';
import type { YamlValue } from '../../base/yaml/value.js';
import {
  consumedDeployments,
  consumedLinks,
  linkContent,
  mapLinkProperties,
  resolveLinks,
  type DeploymentLinks,
  type LinkGroup,
  type ProviderInstance,
  type ProviderIntent,
  type StoredProvider,
} from '../../core/links/index.js';
import { jobProperties } from '../../core/planner/desired.js';
import { BoshError } from '../../core/errors.js';
import { groupRenderErrorMessage, prependHeaderAndIndentBody } from '../../core/templates/error-format.js';
import type { PropertyHash } from '../../core/templates/properties.js';
import type { DeploymentState, DirectorStore } from '../../ports/director-store.js';
import type { LinkSpec } from '../../ports/template-renderer.js';
import { ConfigServerError } from '../config-server/index.js';
import { plainYaml } from '../config/plain-yaml.js';
import { releaseJob } from '../deploy/apply-spec.js';
import { currentIp } from '../deploy/ip-reservations.js';
import type { Resolved } from '../deploy/prepare.js';
import type { DeploymentRun } from './deployment-run.js';
import { foreignLinkProperties } from './foreign-link-properties.js';
import { renderProperties } from './render-properties.js';

const hash = (v: YamlValue): PropertyHash => {
  const out = plainYaml(v);
  return typeof out === 'object' && out !== null && !Array.isArray(out) ? (out as PropertyHash) : {};
};

/** The deployment's groups as the link parser takes them (each job with its release job spec). */
function linkGroups(r: Resolved): LinkGroup[] {
  const { manifest } = r;
  return manifest.instanceGroups.map((g) => ({
    name: g.name,
    networks: g.networks.map((n) => ({ name: n.name, default: n.default })),
    jobs: g.jobs.map((j) => {
      return {
        name: j.name,
        release: j.release,
        spec: releaseJob(r.releases, j).record.spec,
        provides: hash(j.provides),
        consumes: hash(j.consumes),
        customProviderDefinitions: j.customProviderDefinitions.map(plainYaml),
        // What BOSH's link parser reads: the job's properties as written.
        properties: hash(jobProperties(manifest.properties, g, j)),
      };
    }),
  }));
}

/** Parses and resolves the deployment's links; throws BOSH's errors (every unresolved link at once). */
export async function resolveDeploymentLinks(store: DirectorStore, r: Resolved): Promise<DeploymentLinks> {
  const groups = linkGroups(r);
  const deployment = r.manifest.name;
  const named = consumedDeployments(groups);
  named.delete(deployment);
  // Only a consumer naming another deployment needs to know which deployments exist and what they provide.
  const others = named.size > 0 ? (await store.deployments.list()).map((d) => d.name) : [];
  const foreign = new Map<string, StoredProvider[]>();
  for (const name of named) {
    if (!others.includes(name)) continue;
    const rows = await store.linkProviders.list(name);
    foreign.set(
      name,
      rows.map((p) => ({ ...p, deployment: name })),
    );
  }
  return resolveLinks({ deployment, groups, deployments: new Set(others), foreign });
}

/** An instance's address on each network: its VM's, else the IP reserved for it (a manual network's). */
function addressesOf(
  reserved: ReadonlyArray<{ network: string; ip: string }>,
  networks: Readonly<Record<string, unknown>>,
): Record<string, string> {
  const addresses: Record<string, string> = {};
  for (const r of reserved) addresses[r.network] = r.ip;
  for (const [network, settings] of Object.entries(networks)) {
    const ip = (settings as { ip?: unknown } | null)?.ip;
    if (typeof ip === 'string' && ip !== '') addresses[network] = ip;
  }
  return addresses;
}

/**
 * The deployment's stored state, read once per run outside a deploy (a failed read is not kept): every link of
 * every rendered instance reads it, and the run changes none of what is taken from it.
 */
const deployedStates = new WeakMap<DeploymentRun, Promise<DeploymentState | undefined>>();

const deployedState = (run: DeploymentRun): Promise<DeploymentState | undefined> =>
  memoPromise(deployedStates, run, () => run.deps.store.deployments.state(run.name), { forgetFailure: true });

/** The provider group's desired instances: the plan's in a deploy (obsolete ones are not among them). */
export async function providerInstances(run: DeploymentRun, group: string): Promise<ProviderInstance[]> {
  const { plan } = run;
  if (plan !== undefined) {
    const desired = plan.groups.find((g) => g.name === group)?.instances ?? [];
    return desired.map((p) => ({
      uuid: p.uuid,
      index: p.index,
      az: p.az,
      bootstrap: p.bootstrap,
      addresses: addressesOf(p.ips, run.vms.get(p.uuid)?.networks ?? {}),
    }));
  }
  // Outside a deploy (one instance started or recreated) the deployed instances are the desired ones.
  const state = await deployedState(run);
  return (state?.instances ?? [])
    .filter((i) => !i.compilation && i.job === group)
    .map((i) => ({
      uuid: i.uuid,
      index: i.index,
      az: i.availabilityZone,
      bootstrap: i.bootstrap,
      addresses: addressesOf(
        i.ips.map(currentIp),
        run.vms.get(i.uuid)?.networks ?? i.activeVm?.networkSpec ?? {},
      ),
    }));
}

/**
 * A provider's link properties with the deployment's variables resolved (BOSH interpolates a link's properties when
 * it renders the consumer): mapped again from the provider job's interpolated properties.
 */
async function resolvedProperties(
  run: DeploymentRun,
  links: DeploymentLinks,
  p: ProviderIntent,
): Promise<PropertyHash> {
  const g = run.groupOf(p);
  const j = g.jobs.find((x) => x.name === p.job);
  const spec = links.groups.find((x) => x.name === p.group)?.jobs.find((x) => x.name === p.job)?.spec;
  // A copy: linkContent takes the properties as given, and the intent's are shared.
  if (j === undefined || spec === undefined) return structuredClone(p.properties);
  const properties = hash(await renderProperties(run, g, j));
  return mapLinkProperties(properties, p.propertyNames, spec['properties'], p.job).properties;
}

/** The links one job of a group consumes, by link name, as its templates see them. */
export async function jobLinks(
  run: DeploymentRun,
  group: string,
  job: string,
): Promise<Record<string, LinkSpec>> {
  // A deploy resolved them before preparing; an action on one instance resolves them from the deployed manifest.
  const links = (run.links ??= await resolveDeploymentLinks(run.deps.store, run.r));
  const out: Record<string, LinkSpec> = {};
  // `interpolate_link_spec_properties`: every link tried, the variables that fail reported together.
  const failures: string[] = [];
  for (const [name, link] of consumedLinks(links, group, job)) {
    if (link.kind === 'foreign') {
      const { content } = link;
      const provider = link.provider.deployment;
      try {
        out[name] = {
          ...content,
          properties: await foreignLinkProperties(run, provider, content.properties),
        };
      } catch (e) {
        if (!(e instanceof ConfigServerError)) throw e;
        const header = `- Unable to interpolate link '${name}' properties; provided by '${provider}' deployment. Errors are:`;
        failures.push(prependHeaderAndIndentBody(header, e.message.trim()));
      }
      continue;
    }
    if (link.kind !== 'provider') {
      out[name] = linkContent(link, links.deployment, undefined, []);
      continue;
    }
    const { provider } = link;
    const properties = await resolvedProperties(run, links, provider);
    out[name] = linkContent(
      { ...link, provider: { ...provider, properties } },
      links.deployment,
      links.groups.find((g) => g.name === provider.group),
      await providerInstances(run, provider.group),
    );
  }
  if (failures.length > 0) throw new BoshError('DirectorError', groupRenderErrorMessage(group, failures));
  return out;
}
