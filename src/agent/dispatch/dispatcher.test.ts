import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentRequest, AgentResponse, AgentValue } from '../../protocol/agent.js';
import { cancelTask } from '../actions/cancel-task.js';
import { getTask } from '../actions/get-task.js';
import { ping } from '../actions/ping.js';
import type { Logger } from '../logger.js';
import { asyncAction, decodeArg, methodArgs, syncAction, type AgentAction } from './action.js';
import { Dispatcher } from './dispatcher.js';
import { TaskService } from './task-service.js';
import { TaskStore } from './task-store.js';

const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** A promise with its resolve/reject exposed: lets a test decide when an action finishes. */
function gate<T = AgentValue>() {
  let resolve: (v: T) => void = () => undefined;
  let reject: (e: Error) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const req = (method: string, args: unknown = [], protocol = 3): AgentRequest => ({
  method,
  arguments: args,
  reply_to: 'director.1',
  protocol,
});

const value = (r: AgentResponse): AgentValue => {
  if (!('value' in r)) throw new Error(`expected a value, got ${r.exception.message}`);
  return r.value;
};

const taskId = (r: AgentResponse): string => {
  const v = value(r);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a task');
  const id = (v as Record<string, AgentValue>)['agent_task_id'];
  if (typeof id !== 'string') throw new Error('not a task');
  return id;
};

let dir: string;
let tasks: TaskService;
let store: TaskStore;
let ids: number;

function dispatcher(extra: [string, AgentAction][]): Dispatcher {
  const actions = new Map<string, AgentAction>([
    ['ping', ping()],
    ['get_task', getTask(tasks)],
    ['cancel_task', cancelTask(tasks)],
    ...extra,
  ]);
  return new Dispatcher({ actions, tasks, store, newId: () => `task-${String(++ids)}`, logger: quiet });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'agent-dispatch-'));
  tasks = new TaskService(quiet);
  store = new TaskStore(join(dir, 'tasks.json'));
  ids = 0;
});
afterEach(async () => {
  await tasks.whenIdle();
  await rm(dir, { recursive: true, force: true });
});

describe('dispatcher envelopes', () => {
  it('answers sync actions inline and unknown methods as the agent does', async () => {
    const d = dispatcher([]);
    expect(await d.dispatch(req('ping'), '')).toEqual({ value: 'pong' });
    expect(await d.dispatch(req('drain_everything'), '')).toEqual({
      exception: { message: 'unknown message drain_everything' },
    });
  });

  it('prefixes sync failures with Action Failed <method> and reports argument problems as the runner does', async () => {
    const boom = syncAction(() => Promise.reject(new Error('it broke')));
    const typed = syncAction((args) => Promise.resolve(decodeArg(methodArgs(args, 1)[0], (v) => String(v))));
    const d = dispatcher([
      ['boom', boom],
      ['typed', typed],
    ]);
    expect(await d.dispatch(req('boom'), '')).toEqual({
      exception: { message: 'Action Failed boom: it broke' },
    });
    expect(await d.dispatch(req('typed', []), '')).toEqual({
      exception: {
        message:
          'Action Failed typed: Extracting method arguments from payload: Not enough arguments, expected 1, got 0',
      },
    });
    expect(await d.dispatch(req('typed', { a: 1 }), '')).toEqual({
      exception: {
        message:
          'Action Failed typed: Extracting json arguments: Unmarshalling payload arguments to interface{} types: ' +
          'json: cannot unmarshal object into Go struct field payloadType.arguments of type []interface {}',
      },
    });
    expect(await d.dispatch(req('get_task', [7]), '')).toEqual({
      exception: {
        message:
          'Action Failed get_task: Extracting method arguments from payload: Unmarshalling action argument: ' +
          'json: cannot unmarshal number into Go value of type string',
      },
    });
  });
});

describe('long-running tasks', () => {
  it('answers agent_task_id at once, running while it runs, then the value', async () => {
    const g = gate();
    const d = dispatcher([['slow', asyncAction(() => g.promise)]]);
    const started = await d.dispatch(req('slow'), '');
    expect(started).toEqual({ value: { agent_task_id: 'task-1', state: 'running' } });
    expect(await d.dispatch(req('get_task', ['task-1']), '')).toEqual({
      value: { agent_task_id: 'task-1', state: 'running' },
    });
    g.resolve('applied');
    await tasks.whenIdle();
    expect(await d.dispatch(req('get_task', ['task-1']), '')).toEqual({ value: 'applied' });
  });

  it('reports a failed task as Action Failed get_task: Task <id> result: <error>', async () => {
    const d = dispatcher([['bad', asyncAction(() => Promise.reject(new Error('Applying: no space')))]]);
    const id = taskId(await d.dispatch(req('bad'), ''));
    await tasks.whenIdle();
    expect(await d.dispatch(req('get_task', [id]), '')).toEqual({
      exception: { message: `Action Failed get_task: Task ${id} result: Applying: no space` },
    });
    expect(await d.dispatch(req('get_task', ['nope']), '')).toEqual({
      exception: { message: 'Action Failed get_task: Task with id nope could not be found' },
    });
  });

  it('runs tasks strictly one at a time, in order', async () => {
    const first = gate();
    const order: string[] = [];
    const d = dispatcher([
      ['first', asyncAction(async () => (order.push('first'), await first.promise))],
      ['second', asyncAction(() => (order.push('second'), Promise.resolve('two')))],
    ]);
    taskId(await d.dispatch(req('first'), ''));
    const second = taskId(await d.dispatch(req('second'), ''));
    await Promise.resolve();
    expect(order).toEqual(['first']);
    expect(value(await d.dispatch(req('get_task', [second]), ''))).toEqual({
      agent_task_id: second,
      state: 'running',
    });
    first.resolve('one');
    await tasks.whenIdle();
    expect(order).toEqual(['first', 'second']);
    expect(await d.dispatch(req('get_task', [second]), '')).toEqual({ value: 'two' });
  });

  it('cancels through the action, and answers not supported for actions that cannot cancel', async () => {
    const g = gate();
    let cancelled = false;
    const cancellable: AgentAction = {
      isAsynchronous: () => true,
      run: () => g.promise,
      cancel: () => {
        cancelled = true;
        g.resolve(0);
        return Promise.resolve();
      },
    };
    const stubborn = gate();
    const d = dispatcher([
      ['drain', cancellable],
      ['apply', asyncAction(() => stubborn.promise)],
    ]);
    const drainId = taskId(await d.dispatch(req('drain'), ''));
    expect(await d.dispatch(req('cancel_task', [drainId]), '')).toEqual({ value: 'canceled' });
    expect(cancelled).toBe(true);
    const applyId = taskId(await d.dispatch(req('apply'), ''));
    expect(await d.dispatch(req('cancel_task', [applyId]), '')).toEqual({
      exception: { message: 'Action Failed cancel_task: not supported' },
    });
    stubborn.resolve('applied');
    await tasks.whenIdle();
    expect(await d.dispatch(req('cancel_task', [applyId]), '')).toEqual({ value: 'canceled' });
  });

  it('records persistent tasks in tasks.json until they end, and resumes them under their id', async () => {
    const g = gate();
    const persistent: AgentAction = {
      isAsynchronous: () => true,
      persistent: true,
      run: () => g.promise,
      resume: () => Promise.resolve('ok'),
    };
    const d = dispatcher([['update_settings', persistent]]);
    const body = '{"method":"update_settings","arguments":[{}]}';
    const id = taskId(await d.dispatch(req('update_settings', [{}]), body));
    const recorded: unknown = JSON.parse(await readFile(join(dir, 'tasks.json'), 'utf8'));
    expect(recorded).toEqual([
      { TaskID: id, Method: 'update_settings', Payload: Buffer.from(body).toString('base64') },
    ]);

    // A new agent (new task service) finds the record and resumes the task with the same id.
    const before = tasks;
    tasks = new TaskService(quiet);
    const restarted = dispatcher([['update_settings', persistent]]);
    await restarted.resumePreviouslyDispatchedTasks();
    await tasks.whenIdle();
    expect(await restarted.dispatch(req('get_task', [id]), '')).toEqual({ value: 'ok' });
    expect(JSON.parse(await readFile(join(dir, 'tasks.json'), 'utf8'))).toEqual([]);
    g.resolve('ok');
    await before.whenIdle();
  });
});
