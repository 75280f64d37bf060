import { wrapError } from '../../base/errors.js';
import type { Director } from './director.js';
import { encodeQuery } from './go-url.js';
import { field, int, list, record, str, strings } from './json-fields.js';

export interface Lock {
  readonly type: string;
  readonly resource: readonly string[];
  readonly expiresAt: number;
  readonly taskId: string;
}

/** GET /locks; the timeout is a Unix time with a fraction (`"1443889622.9964118"`). */
export async function locks(d: Director): Promise<Lock[]> {
  let r: unknown;
  try {
    r = await d.req.get('/locks');
  } catch (e) {
    throw wrapError(e, 'Finding locks');
  }
  return list(r).map((l) => {
    const timeout = str(l, 'timeout');
    const seconds = Number(timeout);
    if (timeout.trim() === '' || Number.isNaN(seconds)) {
      throw wrapError(
        new Error(`strconv.ParseFloat: parsing ${JSON.stringify(timeout)}: invalid syntax`),
        `Converting timeout '${timeout}' to float`,
      );
    }
    return {
      type: str(l, 'type'),
      resource: strings(l, 'resource'),
      expiresAt: Math.trunc(seconds),
      taskId: str(l, 'task_id'),
    };
  });
}

export interface EventInfo {
  readonly id: string;
  readonly parentId: string;
  readonly timestamp: number;
  readonly user: string;
  readonly action: string;
  readonly objectType: string;
  readonly objectName: string;
  readonly taskId: string;
  readonly deployment: string;
  readonly instance: string;
  readonly context: Readonly<Record<string, unknown>> | undefined;
  readonly error: string;
}

export interface EventsFilter {
  readonly beforeId: string;
  readonly before: string;
  readonly after: string;
  readonly deployment: string;
  readonly task: string;
  readonly instance: string;
  readonly user: string;
  readonly action: string;
  readonly objectType: string;
  readonly objectName: string;
}

const EVENT_QUERY: readonly [keyof EventsFilter, string][] = [
  ['beforeId', 'before_id'],
  ['before', 'before_time'],
  ['after', 'after_time'],
  ['deployment', 'deployment'],
  ['task', 'task'],
  ['instance', 'instance'],
  ['user', 'user'],
  ['action', 'action'],
  ['objectType', 'object_type'],
  ['objectName', 'object_name'],
];

/** GET /events with the given filters (u.String() of `/events?...`: no `?` without a query). */
export async function events(d: Director, f: EventsFilter): Promise<EventInfo[]> {
  const query = encodeQuery(EVENT_QUERY.filter(([k]) => f[k] !== '').map(([k, param]) => [param, f[k]]));
  let r: unknown;
  try {
    r = await d.req.get(query === '' ? '/events' : `/events?${query}`);
  } catch (e) {
    throw wrapError(e, 'Finding events');
  }
  return list(r).map((e) => ({
    id: str(e, 'id'),
    parentId: str(e, 'parent_id'),
    timestamp: int(e, 'timestamp'),
    user: str(e, 'user'),
    action: str(e, 'action'),
    objectType: str(e, 'object_type'),
    objectName: str(e, 'object_name'),
    taskId: str(e, 'task'),
    deployment: str(e, 'deployment'),
    instance: str(e, 'instance'),
    context: field(e, 'context') === null ? undefined : record(e, 'context'),
    error: str(e, 'error'),
  }));
}

export interface DeploymentSummary {
  readonly name: string;
  readonly releases: readonly { name: string; version: string }[];
  readonly stemcells: readonly { name: string; version: string }[];
  readonly teams: readonly string[];
}

/** GET /deployments?exclude_configs=true. */
export async function deployments(d: Director): Promise<DeploymentSummary[]> {
  let r: unknown;
  try {
    r = await d.req.get('/deployments?exclude_configs=true');
  } catch (e) {
    throw wrapError(e, 'Finding deployments');
  }
  const named = (x: unknown): { name: string; version: string } => ({
    name: str(x, 'name'),
    version: str(x, 'version'),
  });
  return list(r).map((dep) => ({
    name: str(dep, 'name'),
    releases: list(dep, 'releases').map(named),
    stemcells: list(dep, 'stemcells').map(named),
    teams: strings(dep, 'teams'),
  }));
}
