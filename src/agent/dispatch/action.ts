import { wrapError } from '../../base/errors.js';
import type { AgentValue } from '../../protocol/agent.js';

/**
 * One agent method (bosh-agent `agent/action.Action`). `run` receives the request's `arguments` already extracted
 * as a list; it decodes them first with `methodArgs`/`decodeArg` so that argument errors read as the Go runner's.
 */
export interface AgentAction {
  /** Answered as a task (`agent_task_id`) rather than inline. */
  isAsynchronous(protocol: number): boolean;
  /** Recorded in `bosh/tasks.json` and resumed after an agent restart (only update_settings). */
  readonly persistent?: boolean;
  run(args: readonly unknown[], protocol: number): Promise<AgentValue>;
  /** What a persisted task's action returns when the restarted agent resumes it. */
  resume?(): Promise<AgentValue>;
  /** Cancels the running action; actions without it answer `not supported`. */
  cancel?(): Promise<void>;
}

const EXTRACTING = 'Extracting method arguments from payload';

/** The runner's count check: `Not enough arguments, expected N, got M`; extra arguments are ignored. */
export function methodArgs(args: readonly unknown[], required: number): readonly unknown[] {
  if (args.length < required) {
    throw wrapError(new Error(`Not enough arguments, expected ${required}, got ${args.length}`), EXTRACTING);
  }
  return args;
}

/** Decodes one argument; a decoding error reads `…: Unmarshalling action argument: json: …`. */
export function decodeArg<T>(value: unknown, decode: (v: unknown) => T): T {
  try {
    return decode(value);
  } catch (e) {
    throw wrapError(wrapError(e, 'Unmarshalling action argument'), EXTRACTING);
  }
}

/** A synchronous action from a function of its arguments. */
export function syncAction(
  run: (args: readonly unknown[], protocol: number) => Promise<AgentValue>,
): AgentAction {
  return { isAsynchronous: () => false, run };
}

/** An asynchronous action from a function of its arguments. */
export function asyncAction(
  run: (args: readonly unknown[], protocol: number) => Promise<AgentValue>,
): AgentAction {
  return { isAsynchronous: () => true, run };
}
