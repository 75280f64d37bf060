/**
 * `Jobs::RunErrand` (`bosh run-errand`): under the deployment's lock, the errand is resolved in a `Preparing
 * deployment` stage, skipped when `--when-changed` finds nothing changed since its last successful run, then its
 * steps are prepared and run in parallel (`Errand::ParallelStep`). Each run writes one NDJSON line of the task's
 * result; the task's own result is BOSH's summary (`1 succeeded, 0 errored, 0 canceled`).
 */
import { createHash } from 'node:crypto';
import { rubyInspect } from '../../base/ruby-inspect.js';
import { errandSummary, type InstanceFilter } from '../../core/errands/index.js';
import { BoshError } from '../../core/errors.js';
import { jsonAsRuby } from '../jobs/instance-lookup.js';
import { MAX_THREADS, runPool } from '../orchestrator/thread-pool.js';
import type { TaskContext, TaskJob } from '../tasks/task-context.js';
import { prepareErrand, refuseStoppedInstances } from './errand-prepare.js';
import type { ErrandRunResult } from './errand-runner.js';
import { prepareStep, runStep, stepStateHash, type RunOptions } from './errand-steps.js';
import { requireCpi } from './require-cpi.js';
import type { DeployDeps } from './types.js';

/** What `POST /deployments/:d/errands/:name/runs` queues. */
export interface RunErrandPayload {
  readonly deployment: string;
  readonly errand: string;
  readonly keepAlive: boolean;
  readonly whenChanged: boolean;
  /** The request's `instances`: `{group, id?}` hashes (or anything else, which matches nothing). */
  readonly instances: readonly unknown[];
}

/** `Errand::InstanceFilter.new(req['group'], req['id'], req)` of each request filter. */
function instanceFilters(instances: readonly unknown[]): InstanceFilter[] {
  return instances.map((req) => {
    const hash = typeof req === 'object' && req !== null && !Array.isArray(req);
    const h = (hash ? req : {}) as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
    return {
      group: hash ? text(h['group']) : null,
      id: hash ? text(h['id']) : null,
      original: rubyInspect(jsonAsRuby(req)),
    };
  });
}

export function runErrandJob(deps: DeployDeps): TaskJob {
  return async (ctx: TaskContext, payload: unknown) => {
    const p = payload as RunErrandPayload;
    const cpi = requireCpi(deps, ctx);
    const { store } = deps;
    return ctx.withLock(`lock:deployment:${p.deployment}`, 10, async () => {
      const state = await store.deployments.state(p.deployment);
      if (state === undefined)
        throw new BoshError('DeploymentNotFound', `Deployment '${p.deployment}' doesn't exist`);
      const filters = instanceFilters(p.instances);
      const prep = ctx.events.beginStage('Preparing deployment', 1);
      refuseStoppedInstances(state, filters);
      const e = await prep.advanceAndTrack('Preparing deployment', () =>
        prepareErrand(deps, ctx, cpi, state, { name: p.errand, filters }),
      );
      const steps = e.selection.steps.filter(
        (s) => s.lifecycle === 'errand' || e.run.vms.has(s.instance.uuid),
      );
      const stateHash = createHash('sha1')
        .update(
          steps
            .map((s) => stepStateHash(e, s))
            .sort()
            .join(''),
        )
        .digest('hex');
      if (p.whenChanged && (await store.errandRuns.successfulStateHash(state.id, p.errand)) === stateHash)
        return 'skipped - no changes detected';
      const o: RunOptions = {
        errandName: p.errand,
        isJobName: e.selection.isJobName,
        keepAlive: p.keepAlive,
      };
      await runPool(steps, MAX_THREADS, (s) => prepareStep(e, s, o));
      await store.errandRuns.setSuccessfulStateHash(state.id, p.errand, '');
      const results: ErrandRunResult[] = [];
      await runPool(steps, MAX_THREADS, async (s) => {
        results.push(await runStep(e, s, o));
      });
      if (results.every((r) => r.exitCode === 0))
        await store.errandRuns.setSuccessfulStateHash(state.id, p.errand, stateHash);
      return errandSummary(results);
    });
  };
}
