import { errorChainMessage, toError, wrapError } from '../../base/errors.js';
import {
  extractArguments,
  type AgentRequest,
  type AgentResponse,
  type AgentValue,
  type TaskStateValue,
} from '../../protocol/agent.js';
import type { Logger } from '../logger.js';
import type { AgentAction } from './action.js';
import type { TaskService } from './task-service.js';
import type { TaskStore } from './task-store.js';

const TAG = 'Action Dispatcher';

export interface DispatcherDeps {
  readonly actions: ReadonlyMap<string, AgentAction>;
  readonly tasks: TaskService;
  readonly store: TaskStore;
  readonly newId: () => string;
  readonly logger: Logger;
}

const exception = (err: unknown): AgentResponse => ({
  exception: { message: errorChainMessage(toError(err)) },
});

/**
 * bosh-agent's action dispatcher: unknown methods answer `unknown message <method>`; synchronous actions answer
 * inline (failures as `Action Failed <method>: …`); asynchronous ones answer `{agent_task_id, state: running}` at
 * once and run on the task service; persistent ones are recorded in tasks.json until they end.
 */
export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  async dispatch(req: AgentRequest, rawBody: string): Promise<AgentResponse> {
    const { actions, logger } = this.deps;
    const action = actions.get(req.method);
    if (!action) {
      logger.error(TAG, `Unknown action ${req.method}`);
      return { exception: { message: `unknown message ${req.method}` } };
    }
    logger.info(TAG, `Received request with action ${req.method}`);
    if (action.isAsynchronous(req.protocol)) return this.dispatchAsync(action, req, rawBody);
    logger.info(TAG, `Running sync action ${req.method}`);
    try {
      return { value: await runAction(action, req) };
    } catch (e) {
      const err = wrapError(e, `Action Failed ${req.method}`);
      logger.error(TAG, errorChainMessage(err));
      return exception(err);
    }
  }

  /** Restarts the tasks a previous agent recorded in tasks.json, under their old ids. */
  async resumePreviouslyDispatchedTasks(): Promise<void> {
    const { actions, tasks, store, logger } = this.deps;
    let infos;
    try {
      infos = await store.infos();
    } catch (e) {
      logger.error(TAG, errorChainMessage(toError(e)));
      return;
    }
    for (const info of infos) {
      const action = actions.get(info.Method);
      if (!action?.resume) {
        logger.error(TAG, `Unknown action ${info.Method}`);
        await store.remove(info.TaskID).catch(() => undefined);
        continue;
      }
      const resume = action.resume.bind(action);
      tasks.start(info.TaskID, resume, cancelOf(action), (t) => this.removeInfo(t.id));
    }
  }

  private async dispatchAsync(
    action: AgentAction,
    req: AgentRequest,
    rawBody: string,
  ): Promise<AgentResponse> {
    const { tasks, store, newId, logger } = this.deps;
    logger.info(TAG, `Running async action ${req.method}`);
    const id = newId();
    if (action.persistent) {
      try {
        await store.add({ TaskID: id, Method: req.method, Payload: Buffer.from(rawBody).toString('base64') });
      } catch (e) {
        return exception(wrapError(e, `Action Failed ${req.method}`));
      }
    }
    const end = action.persistent ? (t: { id: string }) => this.removeInfo(t.id) : undefined;
    tasks.start(id, () => runAction(action, req), cancelOf(action), end);
    const value: TaskStateValue = { agent_task_id: id, state: 'running' };
    return { value: { ...value } };
  }

  private async removeInfo(id: string): Promise<void> {
    try {
      await this.deps.store.remove(id);
    } catch (e) {
      this.deps.logger.error(TAG, errorChainMessage(toError(e)));
    }
  }
}

/** The runner: extract the arguments array, then run (the action decodes its own arguments). */
async function runAction(action: AgentAction, req: AgentRequest): Promise<AgentValue> {
  let args: readonly unknown[];
  try {
    args = extractArguments(req.arguments);
  } catch (e) {
    throw wrapError(e, 'Extracting json arguments');
  }
  return action.run(args, req.protocol);
}

function cancelOf(action: AgentAction): () => Promise<void> {
  const cancel = action.cancel?.bind(action);
  return cancel ?? (() => Promise.reject(new Error('not supported')));
}
