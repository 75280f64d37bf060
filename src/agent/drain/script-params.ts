import { parseMultipleDigest } from '../../adapters/blobstore/digest.js';
import type { ApplySpec } from '../../protocol/agent.js';
import { specJobs } from '../applier/spec-jobs.js';

/**
 * What a drain script is told (bosh-agent `agent/script/drain/script_params.go`): its two arguments
 * `<job_change> <hash_change>`, the updated packages that follow them, and `BOSH_JOB_STATE` /
 * `BOSH_JOB_NEXT_STATE` (`{"persistent_disk":N}` of the current and the next spec; unset without a spec).
 */
export interface DrainParams {
  readonly jobChange: string;
  readonly hashChange: string;
  readonly updatedPackages: readonly string[];
  readonly current: ApplySpec;
  readonly next: ApplySpec | undefined;
}

/** `drain update`: job_new | job_changed, hash_new | hash_unchanged | hash_changed, and the new or changed packages. */
export function updateParams(current: ApplySpec, next: ApplySpec): DrainParams {
  const jobChange = specJobs(current).length === 0 ? 'job_new' : 'job_changed';
  let hashChange: string;
  if (current.configuration_hash === '') hashChange = 'hash_new';
  else if (current.configuration_hash === next.configuration_hash) hashChange = 'hash_unchanged';
  else hashChange = 'hash_changed';
  const updatedPackages: string[] = [];
  const old = current.packages ?? {};
  for (const pkg of Object.values(next.packages ?? {})) {
    const was = old[pkg.name];
    if (was === undefined || digestText(was.sha1) !== digestText(pkg.sha1)) updatedPackages.push(pkg.name);
  }
  updatedPackages.sort();
  return { jobChange, hashChange, updatedPackages, current, next };
}

/** `drain shutdown`: `job_shutdown hash_unchanged`; the next state only when the director sent a spec. */
export function shutdownParams(current: ApplySpec, next: ApplySpec | undefined): DrainParams {
  return { jobChange: 'job_shutdown', hashChange: 'hash_unchanged', updatedPackages: [], current, next };
}

/** The status check of a dynamic drain script: `job_check_status hash_unchanged`, no next state. */
export function statusParams(params: Pick<DrainParams, 'current'>): DrainParams {
  return {
    jobChange: 'job_check_status',
    hashChange: 'hash_unchanged',
    updatedPackages: [],
    current: params.current,
    next: undefined,
  };
}

/** The script's arguments. */
export function drainArgs(params: DrainParams): string[] {
  return [params.jobChange, params.hashChange, ...params.updatedPackages];
}

/** The script's extra environment: the job state of the current spec and, when known, of the next one. */
export function drainEnv(params: DrainParams): Record<string, string> {
  const env: Record<string, string> = { BOSH_JOB_STATE: presentedJobState(params.current) };
  if (params.next !== undefined) env['BOSH_JOB_NEXT_STATE'] = presentedJobState(params.next);
  return env;
}

/** What a drain script may know of a spec (bosh-agent's presentedJobState): only its persistent disk size. */
export function presentedJobState(spec: ApplySpec): string {
  return JSON.stringify({ persistent_disk: spec.persistent_disk });
}

/** Package digests compare as `MultipleDigest.String()`; a stored spec's unparsable digest compares as written. */
function digestText(text: string): string {
  try {
    return parseMultipleDigest(text).toString();
  } catch {
    return text;
  }
}
