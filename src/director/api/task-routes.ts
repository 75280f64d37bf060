import type { FastifyInstance } from 'fastify';
import { BoshError } from '../../core/errors.js';
import type { TaskRecord, TaskState } from '../../ports/director-store.js';
import { TASK_OUTPUT_TYPES, type TaskOutputType } from '../tasks/task-files.js';
import { taskHash, type ApiDeps } from './api-deps.js';
import { requirePermission } from './app.js';

/** Task types `GET /tasks?verbose=1` (the default) lists (`tasks_controller.rb`). */
const MAJOR_TYPES = [
  'attach_disk',
  'create_snapshot',
  'delete_deployment',
  'delete_release',
  'delete_snapshot',
  'delete_stemcell',
  'run_errand',
  'snapshot_deployment',
  'update_instance',
  'update_deployment',
  'update_release',
  'update_stemcell',
  'export_release',
];

/** BOSH: task_checkpoint_interval 30 s × 6 without a checkpoint makes a running task `timeout`. */
const TIMEOUT_SECONDS = 180;

type Query = Record<string, string | undefined>;

export function taskRoutes(app: FastifyInstance, deps: ApiDeps): void {
  /** `task_timeout?`, computed lazily when tasks are read. */
  const withTimeout = async (task: TaskRecord): Promise<TaskRecord> => {
    if ((task.state === 'processing' || task.state === 'cancelling') && task.checkpointTime !== null) {
      if (deps.now() - task.checkpointTime > TIMEOUT_SECONDS) {
        await deps.store.tasks.finish(task.id, 'timeout', task.result ?? '', deps.now());
        return (await deps.store.tasks.get(task.id)) ?? task;
      }
    }
    return task;
  };
  const find = async (id: string): Promise<TaskRecord> => {
    const task = /^\d+$/.test(id) ? await deps.store.tasks.get(Number(id)) : undefined;
    if (task === undefined) throw new BoshError('TaskNotFound', `Task ${id} not found`);
    return task;
  };

  app.get('/tasks', async (req) => {
    requirePermission(deps, req, 'read');
    const q = req.query as Query;
    const states = (q.state ?? '').split(',').filter((s) => s !== '') as TaskState[];
    const limit = q.limit === undefined ? undefined : Math.max(1, parseInt(q.limit, 10) || 1);
    const tasks = await deps.store.tasks.list({
      ...(states.length > 0 ? { states } : {}),
      ...((q.verbose ?? '1') === '1' ? { types: MAJOR_TYPES } : {}),
      ...(q.deployment === undefined ? {} : { deployment: q.deployment }),
      ...(q.context_id === undefined ? {} : { contextId: q.context_id }),
      ...(limit === undefined ? {} : { limit }),
    });
    return Promise.all(tasks.map(async (t) => taskHash(await withTimeout(t))));
  });

  app.get('/tasks/:id', async (req) => {
    requirePermission(deps, req, 'read');
    return taskHash(await withTimeout(await find((req.params as { id: string }).id)));
  });

  app.get('/tasks/:id/output', async (req, reply) => {
    const type = (req.query as Query).type ?? 'debug';
    if (type === 'none') return reply.code(204).send();
    if (!(TASK_OUTPUT_TYPES as readonly string[]).includes(type)) {
      throw new BoshError('UnauthorizedToAccessDeployment', `Unknown type ${type}`);
    }
    requirePermission(deps, req, type === 'debug' || type === 'cpi' ? 'admin' : 'read');
    const task = await find((req.params as { id: string }).id);
    const out = await deps.files.read(task.id, type as TaskOutputType, req.headers.range);
    if (out.contentRange !== undefined) void reply.header('Content-Range', out.contentRange);
    return reply
      .code(out.status)
      .type('text/plain')
      .send(out.status === 204 ? undefined : out.body);
  });

  app.post('/tasks/cancel', async (req, reply) => {
    requirePermission(deps, req, 'admin');
    const body = (req.body ?? {}) as { states?: unknown; types?: unknown; deployment?: unknown };
    const cancellable = ['queued', 'processing'];
    const states =
      Array.isArray(body.states) && body.states.length > 0 ? body.states.map(String) : ['queued'];
    const bad = states.find((s) => !cancellable.includes(s));
    if (bad !== undefined) {
      return reply.code(400).send(`${bad} is not one of the cancellable states: ${cancellable.join(', ')}`);
    }
    const types = Array.isArray(body.types) ? body.types.map(String) : [];
    const tasks = await deps.store.tasks.list({
      states: states as TaskState[],
      ...(types.length > 0 ? { types } : {}),
      ...(typeof body.deployment === 'string' ? { deployment: body.deployment } : {}),
    });
    for (const task of tasks) await deps.store.tasks.requestCancel(task.id);
    return reply.code(204).send();
  });

  app.delete('/task/:id', async (req, reply) => {
    requirePermission(deps, req, 'admin');
    const task = await find((req.params as { id: string }).id);
    if (!(await deps.store.tasks.requestCancel(task.id))) {
      return reply.code(400).send(`Cannot cancel task ${String(task.id)}: invalid state (${task.state})`);
    }
    return reply.code(204).send();
  });
}
