import { wrapError } from '../../base/errors.js';
import { goJsonMarshal, type GoJson } from '../../base/go-json.js';
import type { Director } from './director.js';
import { withQuery } from './go-url.js';
import { int, list, str } from './json-fields.js';
import type { TaskReporter } from './task-reporter.js';

/** A task as bosh-cli's TaskResp reads it; times are Unix seconds (0 when null). */
export interface TaskInfo {
  readonly id: number;
  readonly state: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly user: string;
  readonly deployment: string;
  readonly description: string;
  readonly result: string;
  readonly contextId: string;
}

export interface TasksFilter {
  readonly all: boolean;
  readonly deployment: string;
}

export function taskOf(r: unknown): TaskInfo {
  return {
    id: int(r, 'id'),
    state: str(r, 'state'),
    startedAt: int(r, 'started_at'),
    finishedAt: int(r, 'timestamp'),
    user: str(r, 'user'),
    deployment: str(r, 'deployment'),
    description: str(r, 'description'),
    result: str(r, 'result'),
    contextId: str(r, 'context_id'),
  };
}

/** error, timeout and cancelled tasks are shown in red. */
export function isErrorState(state: string): boolean {
  return state === 'error' || state === 'timeout' || state === 'cancelled';
}

const verbosity = (all: boolean): string => (all ? '2' : '1');

async function listTasks(d: Director, query: [string, string][], context: string): Promise<TaskInfo[]> {
  try {
    return list(await d.req.get(withQuery('/tasks', query))).map(taskOf);
  } catch (e) {
    throw wrapError(e, context);
  }
}

/** Queued, processing and cancelling tasks, newest first. */
export function currentTasks(d: Director, f: TasksFilter): Promise<TaskInfo[]> {
  const query: [string, string][] = [
    ['state', 'processing,cancelling,queued'],
    ['verbose', verbosity(f.all)],
  ];
  if (f.deployment !== '') query.push(['deployment', f.deployment]);
  return listTasks(d, query, 'Finding current tasks');
}

export function recentTasks(d: Director, limit: number, f: TasksFilter): Promise<TaskInfo[]> {
  const query: [string, string][] = [
    ['limit', limit.toString()],
    ['verbose', verbosity(f.all)],
  ];
  if (f.deployment !== '') query.push(['deployment', f.deployment]);
  return listTasks(d, query, 'Finding recent tasks');
}

export async function findTask(d: Director, id: number): Promise<TaskInfo> {
  try {
    return taskOf(await d.req.get(`/tasks/${id.toString()}`));
  } catch (e) {
    throw wrapError(e, `Finding task '${id.toString()}'`);
  }
}

/** Follows a task's output of `type` (event, cpi, debug, result) until it ends. */
export async function taskOutput(
  d: Director,
  id: number,
  type: string,
  reporter: TaskReporter,
): Promise<void> {
  try {
    await d.tasks.waitForCompletion(id, type, reporter);
  } catch (e) {
    throw wrapError(e, `Capturing task '${id.toString()}' output`);
  }
}

export async function cancelTask(d: Director, id: number): Promise<void> {
  try {
    await d.req.raw('DELETE', `/task/${id.toString()}`);
  } catch (e) {
    throw wrapError(e, `Cancelling task '${id.toString()}'`);
  }
}

export interface CancelFilter {
  readonly deployment: string;
  /** undefined: not sent (the director's default). */
  readonly states: readonly string[] | undefined;
  readonly types: readonly string[] | undefined;
}

/** POST /tasks/cancel with a JSON body holding only what was given (keys sorted, as Go marshals a map). */
export async function cancelTasks(d: Director, f: CancelFilter): Promise<void> {
  const body: Record<string, GoJson> = {};
  if (f.deployment !== '') body['deployment'] = f.deployment;
  if (f.states !== undefined) body['states'] = [...f.states];
  if (f.types !== undefined) body['types'] = [...f.types];
  try {
    await d.req.raw('POST', '/tasks/cancel', {
      body: goJsonMarshal(body),
      headers: { 'Content-Type': 'application/json' },
    });
  } catch (e) {
    throw wrapError(e, 'Cancelling tasks');
  }
}
