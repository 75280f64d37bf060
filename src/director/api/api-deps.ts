import type { Blobstore } from '../../ports/blobstore.js';
import type { DirectorStore, TaskRecord } from '../../ports/director-store.js';
import type { DirectorConfig } from '../config/director-config.js';
import type { TaskFiles } from '../tasks/task-files.js';
import type { Authenticator } from './auth.js';

/** What the API's routes work with; main.ts builds it. */
export interface ApiDeps {
  readonly config: DirectorConfig;
  readonly uuid: string;
  readonly version: string;
  readonly store: DirectorStore;
  readonly files: TaskFiles;
  readonly blobstore: Blobstore;
  readonly authenticate: Authenticator;
  /** Wakes the task workers after a task was queued. */
  readonly notifyTasks: () => void;
  /** Where uploads are spooled (`<data_dir>/tmp`). */
  readonly tmpDir: string;
  /** The CPI's name for stemcells (`''` for the default CPI). */
  readonly cpiName: string;
  readonly now: () => number;
}

/** `TaskManager#task_to_hash`. */
export function taskHash(task: TaskRecord): Record<string, unknown> {
  const running = task.state === 'queued' || task.state === 'processing';
  return {
    id: task.id,
    state: task.state,
    description: task.description,
    timestamp: running ? null : (task.timestamp ?? task.startedAt),
    started_at: task.startedAt,
    result: task.result,
    user: task.username === '' ? 'admin' : task.username,
    deployment: task.deploymentName,
    context_id: task.contextId,
  };
}
