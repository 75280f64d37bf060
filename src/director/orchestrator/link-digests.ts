/**
 * Links in the planner's configuration check. BOSH re-renders every instance and compares template hashes, so a
 * consumer whose provider gained an instance is updated; our planner compares a properties digest instead, so a
 * consumer group's digest also covers the links its jobs consume: the same content digested when the plan is made
 * (plan-with-links.ts) and when the instance is rendered (the digest its applied spec keeps).
 */
import { createHash } from 'node:crypto';
import { BoshError } from '../../core/errors.js';
import type { InstancePlan } from '../../core/planner/index.js';
import type { LinkSpec } from '../../ports/template-renderer.js';
import type { DeploymentRun } from './deployment-run.js';
import { jobLinks } from './render-links.js';

interface JobLinks {
  readonly name: string;
  readonly links: Readonly<Record<string, LinkSpec>>;
}

/** JSON with every object's keys sorted: equal link contents digest alike whatever order built them. */
const sortedJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

/** The digest of what a group's jobs consume; undefined when they consume nothing (their digest stays as it was). */
export function linksDigest(jobs: readonly JobLinks[]): string | undefined {
  const consuming = jobs.filter((j) => Object.keys(j.links).length > 0).map((j) => [j.name, j.links]);
  if (consuming.length === 0) return undefined;
  return `sha256:${createHash('sha256').update(sortedJson(consuming)).digest('hex')}`;
}

/** A group's properties digest with its links digest folded in. */
export const withLinksDigest = (properties: string, links: string | undefined): string =>
  links === undefined ? properties : `${properties};links=${links}`;

/** The links each job of a group consumes, as it would be rendered now (with `run.plan`'s instances). */
async function groupLinks(run: DeploymentRun, group: string): Promise<JobLinks[]> {
  const g = run.groupOf({ group });
  const jobs: JobLinks[] = [];
  for (const j of g.jobs) jobs.push({ name: j.name, links: await jobLinks(run, group, j.name) });
  return jobs;
}

/**
 * The properties digest of every group that consumes links, links folded in. A group whose links cannot be made
 * (a provider's variables fail) is left out: rendering reports that, in BOSH's words and stage.
 */
export async function linkedPropertiesDigests(run: DeploymentRun): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const g of run.r.manifest.instanceGroups) {
    let links: string | undefined;
    try {
      links = linksDigest(await groupLinks(run, g.name));
    } catch (e) {
      if (e instanceof BoshError) continue;
      throw e;
    }
    if (links !== undefined) digests[g.name] = withLinksDigest(run.desiredOf(g).properties, links);
  }
  return digests;
}

/**
 * The rendered instances whose links changed since they were rendered: their providers' new VMs brought addresses
 * the render did not know yet (a dynamic network's IP comes with its VM). They are rendered again.
 */
export async function staleLinkRenders(
  run: DeploymentRun,
  plans: readonly InstancePlan[],
): Promise<InstancePlan[]> {
  const now = new Map<string, string | undefined>();
  const stale: InstancePlan[] = [];
  for (const p of plans) {
    const rendered = run.specs.get(p.uuid)?.applied.properties;
    if (rendered === undefined) continue;
    if (!now.has(p.group)) {
      const links = linksDigest(await groupLinks(run, p.group));
      now.set(p.group, withLinksDigest(run.desiredOf(run.groupOf(p)).properties, links));
    }
    if (now.get(p.group) !== rendered) stale.push(p);
  }
  return stale;
}
