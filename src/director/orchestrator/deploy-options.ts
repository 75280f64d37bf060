/** The deploy's query flags (`POST /deployments?recreate=true&...`) and `job_states` as the planner's options. */
import type { GroupStates, PlanOptions } from '../../core/planner/index.js';
import { isHash, type PropertyHash } from '../../core/templates/properties.js';

export type DeployQuery = Readonly<Record<string, string | undefined>>;

/**
 * BOSH's `job_states` option as the task payload keeps it (`{"web": {"state": "stopped"}}` or
 * `{"web": {"instance_states": {"0": "stopped"}}}`), made by the `PUT /deployments/:d/jobs/...` routes.
 */
export type JobStatesPayload = Readonly<
  Record<string, { readonly state?: string; readonly instance_states?: Readonly<Record<string, string>> }>
>;

const yes = (v: string | undefined): boolean => v === 'true';

const record = (v: unknown): PropertyHash => (isHash(v) ? v : {});

/** The payload's `job_states` (stored JSON: anything that is not a string state is dropped). */
function jobStatesOf(payload: unknown): Record<string, GroupStates> {
  const out: Record<string, GroupStates> = {};
  for (const [group, entry] of Object.entries(record(payload))) {
    const e = record(entry);
    const instanceStates = Object.fromEntries(
      Object.entries(record(e.instance_states)).filter(
        (kv): kv is [string, string] => typeof kv[1] === 'string',
      ),
    );
    out[group] = {
      ...(typeof e.state === 'string' ? { state: e.state } : {}),
      ...(Object.keys(instanceStates).length > 0 ? { instanceStates } : {}),
    };
  }
  return out;
}

export function deployOptions(q: DeployQuery, jobStates?: unknown): PlanOptions {
  const skipDrain = q.skip_drain;
  // `SkipDrain`: `*` (or `true`) drains nothing, else a comma list of the groups not drained.
  const all = skipDrain === '*' || skipDrain === 'true';
  const groups = !all && skipDrain !== undefined && skipDrain !== '' ? skipDrain.split(',') : [];
  const states = jobStatesOf(jobStates);
  return {
    recreate: yes(q.recreate),
    recreatePersistentDisks: yes(q.recreate_persistent_disks),
    fix: yes(q.fix),
    dryRun: yes(q.dry_run),
    skipDrain: all,
    ...(groups.length === 0 ? {} : { skipDrainGroups: groups }),
    ...(Object.keys(states).length === 0 ? {} : { jobStates: states }),
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
