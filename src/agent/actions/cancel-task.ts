import { decodeArg, methodArgs, syncAction, type AgentAction } from '../dispatch/action.js';
import type { TaskService } from '../dispatch/task-service.js';
import { taskIdArg } from './get-task.js';

/** `cancel_task [id]` → `"canceled"`; most actions cannot be cancelled (`not supported`); a finished task can. */
export const cancelTask = (tasks: TaskService): AgentAction =>
  syncAction(async (args) => {
    const id = decodeArg(methodArgs(args, 1)[0], taskIdArg);
    const task = tasks.find(id);
    if (!task) throw new Error(`Task with id ${id} could not be found`);
    await task.cancel?.();
    return 'canceled';
  });
