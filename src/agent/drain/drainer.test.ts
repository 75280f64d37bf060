import { describe, expect, it } from 'vitest';
import { Dirs } from '../dirs.js';
import type { Logger } from '../logger.js';
import { decodeApplySpec } from '../spec/apply-spec-codec.js';
import type { DrainCommand, DrainScriptRunner } from './drain-script.js';
import { Drainer } from './drainer.js';

const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
const dirs = new Dirs('/vcap');

const spec = (...jobs: string[]) =>
  decodeApplySpec({
    job: { templates: jobs.map((name) => ({ name, version: 'v' })) },
    rendered_templates_archive: { blobstore_id: 'r', sha1: 'a'.repeat(40) },
    configuration_hash: 'h',
  });

/** Answers per job from a queue of values (or errors); records every call. */
class ScriptedRunner implements DrainScriptRunner {
  readonly calls: { job: string; args: readonly string[]; env: Readonly<Record<string, string>> }[] = [];
  constructor(private readonly answers: Record<string, (number | Error)[]>) {}
  run(command: DrainCommand): Promise<number> {
    this.calls.push({ job: command.job, args: command.args, env: command.env });
    const next = this.answers[command.job]?.shift();
    if (next === undefined) return Promise.reject(new Error(`no answer left for ${command.job}`));
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  }
}

function drainer(runner: DrainScriptRunner, withScript: readonly string[], clock = { now: 0 }) {
  return new Drainer({
    dirs,
    runner,
    logger: quiet,
    now: () => clock.now,
    exists: (path) => Promise.resolve(withScript.some((job) => path === dirs.jobBin(job, 'drain'))),
  });
}

describe('Drainer', () => {
  it('answers 0 when no job has a drain script', async () => {
    const runner = new ScriptedRunner({});
    const d = drainer(runner, []);
    expect(await d.drain('update', spec('web'), spec('web'))).toBe(0);
    expect(await d.drain('shutdown', spec('web'), undefined)).toBe(0);
    expect(await d.drain('status', spec('web'), undefined)).toBe(0);
    expect(runner.calls).toEqual([]);
  });

  it('static drain: the longest wait, scripts run with PATH and the job state', async () => {
    const runner = new ScriptedRunner({ web: [5], worker: [2] });
    const d = drainer(runner, ['web', 'worker']);
    expect(await d.drain('shutdown', spec('web', 'worker', 'nodrain'), undefined)).toBe(5);
    expect(runner.calls.map((c) => c.job).sort()).toEqual(['web', 'worker']);
    expect(runner.calls[0]).toMatchObject({
      args: ['job_shutdown', 'hash_unchanged'],
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', BOSH_JOB_STATE: '{"persistent_disk":0}' },
    });
  });

  it('requires the new spec for update', async () => {
    const d = drainer(new ScriptedRunner({}), []);
    await expect(d.drain('update', spec('web'), undefined)).rejects.toThrow('Drain update requires new spec');
  });

  it('dynamic drain: negative until every pending script is done; status re-runs only those', async () => {
    const clock = { now: 0 };
    const runner = new ScriptedRunner({ web: [-3, -2, 0], worker: [4], db: [-1, 1] });
    const d = drainer(runner, ['web', 'worker', 'db'], clock);
    expect(await d.drain('update', spec('web', 'worker', 'db'), spec('web', 'worker', 'db'))).toBe(-3);
    clock.now = 3000;
    // db is done and owes 1 s; web still drains.
    expect(await d.drain('status', spec('web', 'worker', 'db'), undefined)).toBe(-2);
    clock.now = 4000;
    // Done; worker's static 4 s (from t=0) are over, db's 1 s (from t=3) too.
    expect(await d.drain('status', spec('web', 'worker', 'db'), undefined)).toBe(0);
    const statusCalls = runner.calls.filter((c) => c.args[0] === 'job_check_status');
    expect(statusCalls.map((c) => c.job).sort()).toEqual(['db', 'web', 'web']);
    expect(statusCalls[0]?.args).toEqual(['job_check_status', 'hash_unchanged']);
    expect(statusCalls[0]?.env).not.toHaveProperty('BOSH_JOB_NEXT_STATE');
  });

  it('dynamic drain ending early still answers the static wait owed', async () => {
    const clock = { now: 0 };
    const runner = new ScriptedRunner({ web: [-1, 0], worker: [10] });
    const d = drainer(runner, ['web', 'worker'], clock);
    expect(await d.drain('shutdown', spec('web', 'worker'), undefined)).toBe(-1);
    clock.now = 1500;
    expect(await d.drain('status', spec('web', 'worker'), undefined)).toBe(9);
  });

  it('status without a pending drain asks every drain script', async () => {
    const runner = new ScriptedRunner({ web: [-1, 0] });
    const d = drainer(runner, ['web']);
    expect(await d.drain('status', spec('web'), undefined)).toBe(-1);
    expect(await d.drain('status', spec('web'), undefined)).toBe(0);
    expect(runner.calls.map((c) => c.args[0])).toEqual(['job_check_status', 'job_check_status']);
  });

  it('fails with the parallel script summary and forgets the pending drain', async () => {
    const runner = new ScriptedRunner({ web: [-1, new Error('boom')], worker: [new Error('bad')] });
    const d = drainer(runner, ['web', 'worker']);
    await expect(d.drain('update', spec('web', 'worker'), spec('web', 'worker'))).rejects.toThrow(
      '1 of 2 drain scripts failed. Failed Jobs: worker. Successful Jobs: web.',
    );
  });

  it('cancel: answers 0 once the scripts are told to terminate', async () => {
    let aborted = false;
    let started: () => void = () => undefined;
    const scriptStarted = new Promise<void>((r) => (started = r));
    const hanging: DrainScriptRunner = {
      run: (_c, signal) =>
        new Promise((_resolve, reject) => {
          started();
          signal.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('Script was cancelled by user request'));
          });
        }),
    };
    const d = drainer(hanging, ['web']);
    const running = d.drain('update', spec('web'), spec('web'));
    await scriptStarted;
    d.cancel();
    expect(await running).toBe(0);
    expect(aborted).toBe(true);
  });
});
