import { durationOf } from './go-time.js';
import { field, int, list, record, str } from './json-fields.js';

/** One line of a task's event log, as bosh-cli's ui/task Event decodes it. */
export interface TaskEvent {
  readonly taskId: number;
  readonly time: number;
  readonly type: string;
  readonly message: string;
  readonly state: string;
  readonly stage: string;
  readonly task: string;
  /** null when the line has no `tags` (Go's nil slice, which DeepEqual tells from an empty one). */
  readonly tags: readonly string[] | null;
  readonly data: { readonly error: string; readonly status: string };
  readonly error: { readonly code: number; readonly message: string } | undefined;
  /** The first earlier event of the same stage, tags and task. */
  startEvent?: TaskEvent;
}

/** json.Unmarshal into Event; bosh-cli panics on a line that is not JSON. */
export function parseTaskEvent(taskId: number, line: string): TaskEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(line) as unknown;
  } catch {
    throw new Error(`unmarshal chunk '${line}'`);
  }
  const data = record(raw, 'data');
  const error = record(raw, 'error');
  return {
    taskId,
    time: int(raw, 'time'),
    type: str(raw, 'type'),
    message: str(raw, 'message'),
    state: str(raw, 'state'),
    stage: str(raw, 'stage'),
    task: str(raw, 'task'),
    tags: Array.isArray(field(raw, 'tags'))
      ? list(raw, 'tags').map((t) => (typeof t === 'string' ? t : ''))
      : null,
    data: { error: str(data, 'error'), status: str(data, 'status') },
    error: error === undefined ? undefined : { code: int(error, 'code'), message: str(error, 'message') },
  };
}

export function sameTaskId(a: TaskEvent, b: TaskEvent): boolean {
  return a.taskId === b.taskId;
}

/** Same task id, the same non-empty stage, and the same tags. */
export function sameGroup(a: TaskEvent, b: TaskEvent): boolean {
  return (
    sameTaskId(a, b) &&
    a.stage !== '' &&
    a.stage === b.stage &&
    (a.tags === null || b.tags === null
      ? a.tags === b.tags
      : a.tags.length === b.tags.length && a.tags.every((t, i) => t === b.tags?.[i]))
  );
}

export function sameEvent(a: TaskEvent, b: TaskEvent): boolean {
  return sameGroup(a, b) && a.task === b.task;
}

/** `HH:MM:SS` since the start event, or nothing without one. */
export function durationSinceStart(e: TaskEvent): string {
  return e.startEvent === undefined ? '' : durationOf(e.time - e.startEvent.time);
}

/** The placeholder bosh-cli starts a task with: no stage, so it matches nothing. */
export function blankEvent(taskId: number): TaskEvent {
  return {
    taskId,
    time: 0,
    type: '',
    message: '',
    state: '',
    stage: '',
    task: '',
    tags: null,
    data: { error: '', status: '' },
    error: undefined,
  };
}
