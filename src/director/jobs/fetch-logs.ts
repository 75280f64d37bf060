/**
 * `Jobs::FetchLogs` (`bosh logs`): the agent of each instance bundles its logs into the blobstore; the task's result
 * is the bundle's blobstore id, which the CLI downloads from `/resources/<id>`. Several instances: their bundles
 * are fetched in parallel and packed into one tgz of `<group>.<uuid>.<time>.tgz` files.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { create } from 'tar';
import { MultiError } from '../../base/errors.js';
import { rubyInspect } from '../../base/ruby-inspect.js';
import { parallelDo } from '../../base/work-pool.js';
import { BoshError } from '../../core/errors.js';
import type { AgentClient } from '../../ports/agent-client.js';
import type { InstanceSnapshot } from '../../ports/director-store.js';
import type { DeployDeps } from '../deploy/types.js';
import type { TaskContext, TaskJob } from '../tasks/task-context.js';
import { MAX_THREADS } from '../orchestrator/thread-pool.js';
import { instanceAgent } from './instance-agent.js';
import { instanceById, instanceText } from './instance-lookup.js';

/** What the logs route queues. */
export interface FetchLogsPayload {
  readonly deployment: string;
  readonly instanceIds: readonly number[];
  /** `job`, `agent`, `system`, comma separated, as the request gave it. */
  readonly type: string;
  readonly filters: readonly string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function fetchLogsJob(deps: DeployDeps): TaskJob {
  return async (ctx, payload) => {
    const p = payload as FetchLogsPayload;
    const { type } = p;
    const state = await deps.store.deployments.state(p.deployment);
    const [onlyId] = p.instanceIds;
    if (p.instanceIds.length === 1 && onlyId !== undefined) {
      return fetchBundle(deps, ctx, instanceById(state, onlyId), type, p.filters);
    }
    await mkdir(deps.tmpDir, { recursive: true });
    const downloadDir = await mkdtemp(join(deps.tmpDir, 'logs-'));
    try {
      const path = join(downloadDir, 'logs');
      await mkdir(path, { recursive: true });
      const fetches = p.instanceIds.map((id) => async () => {
        const instance = instanceById(state, id);
        const blobId = await fetchBundle(deps, ctx, instance, type, p.filters);
        try {
          const file = `${instance.job}.${instance.uuid}.${strftime(new Date(ctx.now() * 1000))}.tgz`;
          await deps.blobstore.get(blobId, join(path, file));
        } finally {
          await deps.blobstore.delete(blobId);
        }
      });
      // BOSH's thread pool re-raises the first failure as it was.
      await parallelDo(MAX_THREADS, fetches).catch((e: unknown) => {
        throw e instanceof MultiError && e.errors[0] !== undefined ? e.errors[0] : e;
      });
      const stage = ctx.events.beginStage('Fetching group of logs', 1);
      return await stage.advanceAndTrack('Packing log files together', async () => {
        const output = join(downloadDir, `logs_${String(ctx.now())}.tgz`);
        await create({ file: output, cwd: path, gzip: true }, ['.']);
        return deps.blobstore.put(output);
      });
    } finally {
      await rm(downloadDir, { recursive: true, force: true });
    }
  };
}

/** `LogsFetcher#fetch` for an instance of the deployment's state. */
const fetchBundle = (
  deps: DeployDeps,
  ctx: TaskContext,
  instance: InstanceSnapshot,
  type: string,
  filters: readonly string[],
): Promise<string> =>
  fetchLogBundle(ctx, instanceAgent(deps, ctx, instance), instanceText(instance), type, filters);

/**
 * `LogsFetcher#fetch`: the agent's `fetch_logs`, in a stage of its own (`Fetching logs for <instance>`); the
 * bundle's blobstore id. Errands fetch their instance's job logs this way too, with nil filters.
 */
export async function fetchLogBundle(
  ctx: TaskContext,
  agent: AgentClient,
  instance: string,
  type: string,
  filters: readonly string[] | null,
): Promise<string> {
  ctx.debug(
    `Fetching logs from agent with log_type=${type} filters=${rubyInspect(filters === null ? null : [...filters])}`,
  );
  const stage = ctx.events.beginStage(`Fetching logs for ${instance}`, 1);
  return stage.advanceAndTrack('Finding and packing log files', async () => {
    const result = (await agent.fetchLogs(type, filters)) as { blobstore_id?: unknown } | null;
    const id = result?.blobstore_id;
    if (id === undefined || id === null)
      throw new BoshError(
        'AgentTaskNoBlobstoreId',
        "Agent didn't return a blobstore object id for packaged logs",
      );
    if (typeof id !== 'string' || !UUID.test(id))
      throw new BoshError(
        'AgentTaskInvalidBlobstoreId',
        "Agent didn't return a valid blobstore object id for packaged logs",
      );
    return id;
  });
}

/** Ruby's `Time#strftime('%Y-%m-%d-%H-%M-%S')`, local time. */
function strftime(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(d.getFullYear())}-${two(d.getMonth() + 1)}-${two(d.getDate())}-${two(d.getHours())}-${two(d.getMinutes())}-${two(d.getSeconds())}`;
}
