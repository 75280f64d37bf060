import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Dirs } from '../dirs.js';
import type { Logger } from '../logger.js';
import type { ScriptCommand, ScriptRunner } from '../ports.js';
import { runJobScripts, SCRIPT_PATH } from './parallel-scripts.js';

const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Exit codes by job; records the commands it was asked to run. */
class FakeRunner implements ScriptRunner {
  readonly commands: ScriptCommand[] = [];
  constructor(private readonly codes: Readonly<Record<string, number>>) {}
  run(command: ScriptCommand): Promise<number> {
    this.commands.push(command);
    const job = command.path.split('/').at(-3) ?? '';
    return Promise.resolve(this.codes[job] ?? 0);
  }
}

let dirs: Dirs;
beforeEach(async () => {
  dirs = new Dirs(await mkdtemp(join(tmpdir(), 'agent-scripts-')));
  for (const job of ['a', 'b', 'c']) {
    await mkdir(join(dirs.jobs, job, 'bin'), { recursive: true });
    await writeFile(dirs.jobBin(job, 'pre-start'), '#!/bin/sh\n');
    await chmod(dirs.jobBin(job, 'pre-start'), 0o755);
  }
});
afterEach(async () => {
  await rm(dirs.base, { recursive: true, force: true });
});

describe('run_script over the jobs', () => {
  it('runs the script of each job that has one, with PATH and the env, logging per job', async () => {
    const runner = new FakeRunner({});
    await runJobScripts(
      { jobs: ['a', 'missing'], script: 'pre-start', env: { BOSH_VM_NEXT_STATE: 'keep' } },
      { dirs, runner, logger: quiet },
    );
    expect(runner.commands).toEqual([
      {
        path: dirs.jobBin('a', 'pre-start'),
        env: { PATH: SCRIPT_PATH, BOSH_VM_NEXT_STATE: 'keep' },
        stdoutFile: join(dirs.base, 'sys/log/a/pre-start.stdout.log'),
        stderrFile: join(dirs.base, 'sys/log/a/pre-start.stderr.log'),
      },
    ]);
  });

  it('summarizes failures as bosh-agent does', async () => {
    const deps = { dirs, runner: new FakeRunner({ b: 1 }), logger: quiet };
    await expect(runJobScripts({ jobs: ['a', 'b'], script: 'pre-start', env: {} }, deps)).rejects.toThrow(
      /^1 of 2 pre-start scripts failed\. Failed Jobs: b\. Successful Jobs: a\.$/,
    );
    const allFail = { dirs, runner: new FakeRunner({ a: 2, b: 1, c: 3 }), logger: quiet };
    await expect(
      runJobScripts({ jobs: ['a', 'b', 'c'], script: 'pre-start', env: {} }, allFail),
    ).rejects.toThrow(/^3 of 3 pre-start scripts failed\. Failed Jobs: [abc], [abc], [abc]\.$/);
  });

  it('succeeds when no job has the script', async () => {
    const runner = new FakeRunner({});
    await runJobScripts({ jobs: ['a'], script: 'post-deploy', env: {} }, { dirs, runner, logger: quiet });
    expect(runner.commands).toEqual([]);
  });
});
