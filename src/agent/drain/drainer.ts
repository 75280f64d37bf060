import { stat } from 'node:fs/promises';
import { errorChainMessage, toError } from '../../base/errors.js';
import type { ApplySpec } from '../../protocol/agent.js';
import { specJobs } from '../applier/spec-jobs.js';
import type { Dirs } from '../dirs.js';
import type { Logger } from '../logger.js';
import { SCRIPT_PATH } from '../scripts/parallel-scripts.js';
import type { DrainScriptRunner } from './drain-script.js';
import {
  drainArgs,
  drainEnv,
  shutdownParams,
  statusParams,
  updateParams,
  type DrainParams,
} from './script-params.js';

const TAG = 'ParallelScript';

export type DrainType = 'update' | 'shutdown' | 'status';

export interface DrainerDeps {
  readonly dirs: Dirs;
  readonly runner: DrainScriptRunner;
  readonly logger: Logger;
  /** Milliseconds, for the static waits a drain answer still owes (Date.now by default). */
  readonly now?: () => number;
  readonly exists?: (path: string) => Promise<boolean>;
}

/** A drain that answered negatively and is polled with `drain status`. */
interface Session {
  readonly params: DrainParams;
  /** Jobs whose dynamic drain has not finished. */
  readonly pending: Set<string>;
  /** When the longest static wait answered so far ends. */
  staticUntil: number;
}

/**
 * Drain as the director's stopper expects it (the drain protocol bosh-agent spoke before it moved dynamic drain
 * inside itself, and that the director still honours): `update`/`shutdown` run every job's `bin/drain` at once
 * and answer an integer the director acts on — `n >= 0`: wait n seconds, then stop; `n < 0`: wait |n| seconds
 * and ask `drain status`, which re-runs the scripts still draining with `job_check_status hash_unchanged` until
 * none answers negatively.
 *
 * Several jobs: while any dynamic drain is pending the answer is the most negative value of the last round (no
 * script is asked again sooner than it wanted); once none is, the answer is the static wait still owed, i.e. the
 * longest static answer counted from when it was given. No drain script answers 0.
 */
export class Drainer {
  private session: Session | undefined;
  private controller: AbortController | undefined;

  constructor(private readonly deps: DrainerDeps) {}

  /** Runs the drain scripts for `type`; `next` is the director's new spec (required for update). */
  async drain(type: DrainType, current: ApplySpec, next: ApplySpec | undefined): Promise<number> {
    let params: DrainParams;
    let jobs: string[];
    const session = this.session;
    if (type === 'status') {
      params = statusParams(session?.params ?? { current });
      jobs = session ? [...session.pending] : specJobs(current).map((j) => j.name);
    } else {
      if (type === 'update') {
        if (next === undefined) throw new Error('Drain update requires new spec');
        params = updateParams(current, next);
      } else {
        params = shutdownParams(current, next);
      }
      jobs = specJobs(current).map((j) => j.name);
    }
    this.session = undefined;
    const round = await this.runRound(jobs, params);
    // Cancelled: bosh-agent answers 0 as soon as it has asked the scripts to terminate.
    if (round === 'cancelled') return 0;
    const now = this.now();
    const state: Session =
      session && type === 'status' ? session : { params, pending: new Set(), staticUntil: now };
    let mostNegative = 0;
    for (const [job, value] of round) {
      if (value < 0) {
        state.pending.add(job);
        mostNegative = Math.min(mostNegative, value);
      } else {
        state.pending.delete(job);
        state.staticUntil = Math.max(state.staticUntil, now + value * 1000);
      }
    }
    if (state.pending.size > 0) {
      this.session = state;
      return mostNegative < 0 ? mostNegative : -1;
    }
    return Math.max(0, Math.ceil((state.staticUntil - now) / 1000));
  }

  /** Terminates the running scripts (SIGTERM to each group, SIGKILL after the grace period); drain answers 0. */
  cancel(): void {
    this.session = undefined;
    this.controller?.abort();
  }

  /** Runs the drain scripts of the jobs that have one, all at once; fails with ParallelScript's summary. */
  private async runRound(
    jobs: readonly string[],
    params: DrainParams,
  ): Promise<Map<string, number> | 'cancelled'> {
    const { dirs, logger } = this.deps;
    const existing: string[] = [];
    for (const job of jobs) {
      if (await this.exists(dirs.jobBin(job, 'drain'))) {
        logger.debug(TAG, `Found 'drain' script in job '${job}'`);
        existing.push(job);
      } else {
        logger.debug(TAG, `Did not find 'drain' script in job '${job}'`);
      }
    }
    logger.info(TAG, `Will run ${String(existing.length)} drain scripts in parallel`);
    const controller = new AbortController();
    this.controller = controller;
    const values = new Map<string, number>();
    const passed: string[] = [];
    const failed: string[] = [];
    const cancelled = new Promise<'cancelled'>((resolve) => {
      controller.signal.addEventListener('abort', () => {
        resolve('cancelled');
      });
    });
    try {
      const all = Promise.all(
        existing.map(async (job) => {
          const path = dirs.jobBin(job, 'drain');
          try {
            const value = await this.deps.runner.run(
              { job, path, args: drainArgs(params), env: { PATH: SCRIPT_PATH, ...drainEnv(params) } },
              controller.signal,
            );
            values.set(job, value);
            passed.push(job);
            logger.info(TAG, `'${path}' script has successfully executed`);
          } catch (e) {
            failed.push(job);
            logger.error(TAG, `'${path}' script has failed with error: ${errorChainMessage(toError(e))}`);
          }
        }),
      );
      if ((await Promise.race([all, cancelled])) === 'cancelled') return 'cancelled';
    } finally {
      if (this.controller === controller) this.controller = undefined;
    }
    if (failed.length > 0) {
      let message = `Failed Jobs: ${failed.join(', ')}`;
      if (passed.length > 0) message += `. Successful Jobs: ${passed.join(', ')}`;
      throw new Error(
        `${String(failed.length)} of ${String(failed.length + passed.length)} drain scripts failed. ${message}.`,
      );
    }
    return values;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private async exists(path: string): Promise<boolean> {
    if (this.deps.exists) return this.deps.exists(path);
    try {
      await stat(path);
      return true;
    } catch {
      return false;
    }
  }
}
