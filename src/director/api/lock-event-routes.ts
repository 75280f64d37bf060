import type { FastifyInstance } from 'fastify';
import { BoshError } from '../../core/errors.js';
import type { EventFilter, EventRecord } from '../../ports/director-store.js';
import type { ApiDeps } from './api-deps.js';
import { requirePermission } from './app.js';

/** `EventManager#event_to_hash`: ids as strings, nil and empty values dropped. */
function eventHash(e: EventRecord): Record<string, unknown> {
  const all: Record<string, unknown> = {
    id: String(e.id),
    parent_id: e.parentId === null ? '' : String(e.parentId),
    timestamp: e.timestamp,
    user: e.user,
    action: e.action,
    object_type: e.objectType,
    object_name: e.objectName,
    error: e.error,
    task: e.task,
    deployment: e.deployment,
    instance: e.instance,
    context: e.context,
  };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== null && v !== undefined && v !== ''));
}

/** `before_time`/`after_time`: Unix seconds, or a time string Ruby's Time.parse would read. */
function timeParam(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new BoshError('DirectorError', `Invalid ${name}: '${value}'`);
  return Math.floor(ms / 1000);
}

export function lockEventRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/locks', async (req) => {
    requirePermission(deps, req, 'read');
    // BOSH purges locks expired for more than 6 renewal intervals (60 s) before listing.
    const locks = await deps.store.locks.list(deps.now() - 60);
    return locks.map((l) => {
      const [, type = '', ...resource] = l.name.split(':');
      return { type, resource, timeout: l.expiredAt.toFixed(6), task_id: l.taskId };
    });
  });

  app.get('/events', async (req) => {
    requirePermission(deps, req, 'read');
    const q = req.query as Record<string, string | undefined>;
    const filter: EventFilter = {
      ...(q.before_id === undefined ? {} : { beforeId: Number(q.before_id) }),
      ...optional('beforeTime', timeParam(q.before_time, 'before_time')),
      ...optional('afterTime', timeParam(q.after_time, 'after_time')),
      ...optional('task', q.task),
      ...optional('deployment', q.deployment),
      ...optional('instance', q.instance),
      ...optional('user', q.user),
      ...optional('action', q.action),
      ...optional('objectType', q.object_type),
      ...optional('objectName', q.object_name),
      limit: 200,
    };
    return (await deps.store.events.list(filter)).map(eventHash);
  });

  app.get('/events/:id', async (req) => {
    requirePermission(deps, req, 'read');
    const id = (req.params as { id: string }).id;
    const event = /^\d+$/.test(id) ? await deps.store.events.get(Number(id)) : undefined;
    if (event === undefined) throw new BoshError('ResourceNotFound', 'Event not found');
    return eventHash(event);
  });
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
