import { wrapError } from '../../base/errors.js';
import { root, str } from '../../protocol/agent.js';
import { decodeArg, methodArgs, syncAction, type AgentAction } from '../dispatch/action.js';
import type { TaskService } from '../dispatch/task-service.js';

export const taskIdArg = (v: unknown): string => str(v, root('string'));

/**
 * `get_task [id]`: `{agent_task_id, state: running}` while it runs, the action's value once done, and for a
 * failed task the error `Task <id> result: <error>`.
 */
export const getTask = (tasks: TaskService): AgentAction =>
  syncAction((args) => {
    const id = decodeArg(methodArgs(args, 1)[0], taskIdArg);
    const task = tasks.find(id);
    if (!task) throw new Error(`Task with id ${id} could not be found`);
    if (task.state === 'running') return Promise.resolve({ agent_task_id: task.id, state: 'running' });
    if (task.error) throw wrapError(task.error, `Task ${id} result`);
    return Promise.resolve(task.value);
  });
