/**
 * `Errand::Runner#run` on one instance: a `run` errand event, the agent's `run_errand` in a `Running errand` stage
 * of its own (cancellable: the agent stops the script and still answers), the instance's job logs bundled, the
 * result written as one NDJSON line of the task's result, and the end event with the exit code.
 */
import { rubyClass } from '../../base/ruby-inspect.js';
import { asBoshError, BoshError } from '../../core/errors.js';
import { instanceName } from '../../core/planner/index.js';
import type { AgentClient, ErrandResult } from '../../ports/agent-client.js';
import { fetchLogBundle } from '../jobs/fetch-logs.js';
import { jsonAsRuby } from '../jobs/instance-lookup.js';
import { withTaskEvents } from '../orchestrator/task-events.js';
import type { TaskContext } from '../tasks/task-context.js';
import type { DeployDeps } from './types.js';

export interface ErrandTarget {
  readonly deployment: string;
  readonly group: string;
  readonly uuid: string;
  readonly index: number;
  readonly agent: AgentClient;
}

export interface ErrandRunResult {
  readonly exitCode: number;
}

/** `Errand::Result::AGENT_RUN_ERRAND_RESULT_SCHEMA`, failing in Membrane's words. */
export function checkedResult(value: unknown): { exit_code: number; stdout: string; stderr: string } {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const problems: string[] = [];
  const expect = (key: string, type: 'Integer' | 'String', ok: (x: unknown) => boolean) => {
    if (!(key in v)) problems.push(`${key} => Missing key`);
    else if (!ok(v[key]))
      problems.push(
        `${key} => Expected instance of ${type}, given an instance of ${rubyClass(jsonAsRuby(v[key]))}`,
      );
  };
  expect('exit_code', 'Integer', (x) => Number.isInteger(x));
  expect('stdout', 'String', (x) => typeof x === 'string');
  expect('stderr', 'String', (x) => typeof x === 'string');
  if (problems.length > 0) throw new BoshError('AgentInvalidTaskResult', `{ ${problems.join(', ')} }`);
  return {
    exit_code: v['exit_code'] as number,
    stdout: v['stdout'] as string,
    stderr: v['stderr'] as string,
  };
}

/** The agent's answer, and whether the task was cancelled while it ran. */
async function runOnAgent(
  ctx: TaskContext,
  t: ErrandTarget,
  label: string,
  jobName: string | undefined,
): Promise<{ result: ErrandResult; cancelled: boolean }> {
  const stage = ctx.events.beginStage('Running errand', 1);
  let outcome: { result: ErrandResult; cancelled: boolean } | undefined;
  try {
    await stage.advanceAndTrack(label, async () => {
      outcome = await t.agent.runErrand(jobName);
      // The stage shows the cancellation; the result the agent still gave is recorded below.
      if (outcome.cancelled) throw new BoshError('TaskCancelled', `Task ${String(ctx.taskId)} cancelled`);
    });
  } catch (e) {
    if (outcome?.cancelled !== true) throw e;
  }
  if (outcome === undefined) throw new BoshError('DirectorError', 'run_errand gave no result');
  return outcome;
}

export function runErrandOn(
  deps: DeployDeps,
  ctx: TaskContext,
  t: ErrandTarget,
  errandName: string,
  isJobName: boolean,
): Promise<ErrandRunResult> {
  const label = instanceName(t.group, t.uuid, t.index);
  const event = {
    action: 'run',
    objectType: 'errand',
    objectName: errandName,
    deployment: t.deployment,
    instance: label,
  };
  return withTaskEvents(deps.store.events, ctx, event, async (end) => {
    const { result, cancelled } = await runOnAgent(ctx, t, label, isJobName ? errandName : undefined);
    let logsId: string | null = null;
    let logsError: unknown;
    try {
      logsId = await fetchLogBundle(ctx, t.agent, label, 'job', null);
    } catch (e) {
      logsError = e;
    }
    const checked = checkedResult(result);
    ctx.writeResult(
      `${JSON.stringify({
        instance: { group: t.group, id: t.uuid },
        errand_name: errandName,
        exit_code: checked.exit_code,
        stdout: checked.stdout,
        stderr: checked.stderr,
        logs: { blobstore_id: logsId, sha1: null },
      })}\n`,
    );
    // A cancellation wins over a failed log fetch: it came first.
    if (cancelled) throw new BoshError('TaskCancelled', `Task ${String(ctx.taskId)} cancelled`);
    if (logsError !== undefined) throw asBoshError(logsError);
    end.context({ exit_code: checked.exit_code });
    return { exitCode: checked.exit_code };
  });
}
