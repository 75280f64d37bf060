/**
 * The deploy's plan with links in its configuration check: a first plan gives the provider groups' desired
 * instances, each consumer group's digest then covers the links made of them (link-digests.ts), and a second plan
 * compares those. The second plan is handed the first one's new instance ids in the same order, so both agree on
 * every new instance's uuid (and so on its addresses); the planner itself stays pure and unaware of links.
 */
import type { DeploymentPlan, PlanInput } from '../../core/planner/index.js';
import { linkedPropertiesDigests } from '../orchestrator/link-digests.js';
import type { DeploymentRun } from '../orchestrator/deployment-run.js';
import { planDeployment } from './plan.js';

/** An id source that records what it hands out, and a replay of those ids (then fresh ones) for a later plan. */
export function replayableIds(newId: () => string): { next: () => string; replay: () => () => string } {
  const given: string[] = [];
  return {
    next: () => {
      const id = newId();
      given.push(id);
      return id;
    },
    replay: () => {
      let i = 0;
      return () => given[i++] ?? newId();
    },
  };
}

/** Plans (setting `run.plan`), folding each consumer group's links into its properties digest. */
export async function planWithLinks(run: DeploymentRun, input: PlanInput): Promise<DeploymentPlan> {
  const ids = replayableIds(input.newId);
  const first = planDeployment({ ...input, newId: ids.next });
  run.plan = first;
  const linked = await linkedPropertiesDigests(run);
  if (Object.keys(linked).length === 0) return first;
  const { desired } = input;
  const propertiesDigests = { ...desired.propertiesDigests, ...linked };
  const plan = planDeployment({ ...input, desired: { ...desired, propertiesDigests }, newId: ids.replay() });
  run.plan = plan;
  return plan;
}
