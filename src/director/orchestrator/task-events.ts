/**
 * `event_manager.create_event` as the director's jobs call it: an audit event (`bosh events`) stamped with the
 * task's user, id and clock. Jobs record a begin event, then an end event whose parent is the begin event and
 * whose `error` is the failure's message, if any.
 */
import { asBoshError } from '../../core/errors.js';
import type { EventRepo } from '../../ports/director-store.js';
import type { TaskContext } from '../tasks/task-context.js';

export interface TaskEvent {
  readonly action: string;
  readonly objectType: string;
  readonly objectName: string | null;
  readonly deployment: string | null;
  readonly instance?: string;
  /** The begin event this one ends. */
  readonly parentId?: number;
  readonly error?: unknown;
  /** The event's context (an errand's end event: its `exit_code`). */
  readonly context?: Readonly<Record<string, unknown>>;
}

/** Records the event; its id (the parent of the matching end event). */
export async function recordTaskEvent(events: EventRepo, ctx: TaskContext, e: TaskEvent): Promise<number> {
  const error = e.error === undefined ? null : asBoshError(e.error).message;
  const event = await events.add({
    parentId: e.parentId ?? null,
    user: ctx.username,
    timestamp: Math.floor(ctx.now()),
    action: e.action,
    objectType: e.objectType,
    objectName: e.objectName,
    error,
    task: String(ctx.taskId),
    deployment: e.deployment,
    instance: e.instance ?? null,
    context: e.context ?? {},
  });
  return event.id;
}

/**
 * What `work` may add to its end event: an error it rescued (the end event records it though the work succeeded,
 * as BOSH's orphan deleters do) and the end event's context (an errand's `exit_code`).
 */
export interface EndEvent {
  rescued(error: unknown): void;
  context(context: Readonly<Record<string, unknown>>): void;
}

/**
 * Runs `work` between a begin event and an end event (with the error when it fails): BOSH's
 * `parent_id = add_event ... ensure add_event(parent_id, e)`.
 */
export async function withTaskEvents<T>(
  events: EventRepo,
  ctx: TaskContext,
  e: Omit<TaskEvent, 'parentId' | 'error' | 'context'>,
  work: (end: EndEvent) => Promise<T>,
): Promise<T> {
  const parentId = await recordTaskEvent(events, ctx, e);
  let rescued: unknown;
  let context: Readonly<Record<string, unknown>> | undefined;
  const end: EndEvent = {
    rescued: (error) => {
      rescued = error;
    },
    context: (c) => {
      context = c;
    },
  };
  try {
    const result = await work(end);
    await recordTaskEvent(events, ctx, {
      ...e,
      parentId,
      ...(rescued === undefined ? {} : { error: rescued }),
      ...(context === undefined ? {} : { context }),
    });
    return result;
  } catch (error) {
    await recordTaskEvent(events, ctx, { ...e, parentId, error });
    throw error;
  }
}
