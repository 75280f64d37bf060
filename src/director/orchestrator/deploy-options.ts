/** The deploy's query flags (`POST /deployments?recreate=true&...`) as the planner's options. */
import type { PlanOptions } from '../../core/planner/index.js';

export type DeployQuery = Readonly<Record<string, string | undefined>>;

const yes = (v: string | undefined): boolean => v === 'true';

export function deployOptions(q: DeployQuery): PlanOptions {
  const skipDrain = q.skip_drain;
  return {
    recreate: yes(q.recreate),
    recreatePersistentDisks: yes(q.recreate_persistent_disks),
    fix: yes(q.fix),
    dryRun: yes(q.dry_run),
    // `*` (or `true`) drains nothing; BOSH's per-group list is not supported yet and drains everything.
    skipDrain: skipDrain === '*' || skipDrain === 'true',
    ...(q.canaries === undefined || q.canaries === '' ? {} : { canaries: q.canaries }),
    ...(q.max_in_flight === undefined || q.max_in_flight === '' ? {} : { maxInFlight: q.max_in_flight }),
  };
}

/** The query keys the deploy route keeps in the task payload. */
export const DEPLOY_QUERY_KEYS = [
  'recreate',
  'recreate_persistent_disks',
  'fix',
  'dry_run',
  'skip_drain',
  'canaries',
  'max_in_flight',
] as const;
