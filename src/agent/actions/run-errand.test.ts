import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorChainMessage } from '../../base/errors.js';
import { Dirs } from '../dirs.js';
import { decodeApplySpec } from '../spec/apply-spec-codec.js';
import { runErrand } from './run-errand.js';

let base: string;
let dirs: Dirs;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'run-errand-'));
  dirs = new Dirs(base);
});
afterEach(() => rm(base, { recursive: true, force: true }));

/** A spec naming `template` as the job's template and `jobs` as its templates. */
function specs(template: string, jobs: readonly string[]) {
  const spec = decodeApplySpec({
    job: { name: 'ig', template, templates: jobs.map((name) => ({ name, version: '1' })) },
  });
  return { get: () => Promise.resolve(spec) };
}

async function errandScript(job: string, body: string): Promise<void> {
  await mkdir(join(dirs.jobs, job, 'bin'), { recursive: true });
  const path = join(dirs.jobs, job, 'bin', 'run');
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
}

const failure = (run: Promise<unknown>): Promise<string> =>
  run.then(
    () => 'no error',
    (e: unknown) => (e instanceof Error ? errorChainMessage(e) : String(e)),
  );

describe('run_errand', () => {
  it('runs bin/run of the named job and answers its output and exit status, a failure being a result', async () => {
    await errandScript('smoke', 'echo "ran $0 with PATH=$PATH"; echo oops >&2; exit 3');
    const action = runErrand({ specs: specs('other', ['other', 'smoke']), dirs }, { baseEnv: {} });
    expect(action.isAsynchronous(3)).toBe(true);
    const run = join(dirs.jobs, 'smoke', 'bin', 'run');
    expect(await action.run(['smoke'], 3)).toEqual({
      stdout: `ran ${run} with PATH=/usr/sbin:/usr/bin:/sbin:/bin\n`,
      stderr: 'oops\n',
      exit_code: 3,
    });
  });

  it("runs the spec's job template when no job is named", async () => {
    await errandScript('main', 'echo main');
    const action = runErrand({ specs: specs('main', ['main']), dirs }, { baseEnv: {} });
    expect(await action.run([], 3)).toEqual({ stdout: 'main\n', stderr: '', exit_code: 0 });
  });

  it("refuses a job the spec does not have, or no template at all, in bosh-agent's words", async () => {
    expect(await failure(runErrand({ specs: specs('a', ['a']), dirs }, { baseEnv: {} }).run(['b'], 3))).toBe(
      'Could not find errand b',
    );
    expect(await failure(runErrand({ specs: specs('', []), dirs }, { baseEnv: {} }).run([], 3))).toBe(
      'At least one job template is required to run an errand',
    );
    expect(await failure(runErrand({ specs: specs('a', ['a']), dirs }, { baseEnv: {} }).run([7], 3))).toBe(
      'Extracting method arguments from payload: Unmarshalling action argument: ' +
        'json: cannot unmarshal number into Go value of type string',
    );
  });

  it('fails as Go does when bin/run is missing', async () => {
    const action = runErrand({ specs: specs('a', ['a']), dirs }, { baseEnv: {} });
    const run = join(dirs.jobs, 'a', 'bin', 'run');
    expect(await failure(action.run(['a'], 3))).toBe(
      `Running errand script: Starting command '${run}': fork/exec ${run}: no such file or directory`,
    );
  });

  it('is cancelled with TERM, then KILL after the grace period, and still answers the outcome', async () => {
    await errandScript('slow', "trap 'echo got TERM' TERM; echo started; while :; do sleep 0.05; done");
    const action = runErrand({ specs: specs('slow', ['slow']), dirs }, { baseEnv: {}, killGraceMs: 300 });
    const result = action.run([], 3);
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    await action.cancel?.();
    const outcome = (await result) as { stdout: string; exit_code: number };
    expect(outcome.stdout).toBe('started\ngot TERM\n');
    expect(outcome.exit_code).toBe(128 + 9);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('a cancel sent before the errand runs stops it as it starts, and is used up by it', async () => {
    await errandScript('e', 'sleep 5; echo done');
    const action = runErrand({ specs: specs('e', ['e']), dirs }, { baseEnv: {}, killGraceMs: 100 });
    await action.cancel?.();
    expect(await action.run([], 3)).toEqual({ stdout: '', stderr: '', exit_code: 128 + 15 });
    await errandScript('e', 'echo again');
    expect(await action.run([], 3)).toEqual({ stdout: 'again\n', stderr: '', exit_code: 0 });
  });
});
