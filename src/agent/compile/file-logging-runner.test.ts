import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileLoggingExecError, runLogged, truncateUntilToken } from './file-logging-runner.js';

/** bosh-agent's own cases use a truncate length of 15 (a data-loss limit of 3). */
const cut = (s: string, limit = 3) => truncateUntilToken(Buffer.from(s), limit).toString();

describe('truncateUntilToken', () => {
  it('drops up to the first line break (and a CR after it) when it is within the limit', () => {
    expect(cut('\n\routput-stdout')).toBe('output-stdout');
    expect(cut('ng\noutput-stderr')).toBe('output-stderr');
    // Applied to untruncated output as well, as the agent does.
    expect(cut('+ echo hi\nhi\n', 2560)).toBe('hi\n');
  });

  it('keeps the data when the line break is further away, but not a cut UTF-8 sequence', () => {
    expect(cut('-output-std\nout')).toBe('-output-std\nout');
    const privet = Buffer.from('приветstdout');
    expect(truncateUntilToken(privet.subarray(privet.length - 15), 3).toString()).toBe('иветstdout');
    expect(cut('fake-stdout')).toBe('fake-stdout');
  });
});

describe('runLogged', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'file-logging-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('logs both streams to <dir>/<job>/<task>.std{out,err}.log (emptied first) and returns their tails', async () => {
    await runLogged(
      dir,
      'compilation',
      'packaging',
      { name: 'sh', args: ['-c', 'echo old'], env: {}, cwd: dir },
      {},
    );
    const result = await runLogged(
      dir,
      'compilation',
      'packaging',
      {
        name: 'sh',
        args: ['-c', 'printf "$GREETING"; printf oops >&2'],
        env: { GREETING: 'hello' },
        cwd: dir,
      },
      { PATH: process.env['PATH'] },
    );
    expect(result.stdout.toString()).toBe('hello');
    expect(result.stderr.toString()).toBe('oops');
    expect(result.exitStatus).toBe(0);
    expect(await readFile(join(dir, 'compilation/packaging.stdout.log'), 'utf8')).toBe('hello');
    expect((await stat(join(dir, 'compilation/packaging.stderr.log'))).mode & 0o777).toBe(0o640);
  });

  it('fails with the exit status and the (truncated) output', async () => {
    const run = runLogged(
      dir,
      'compilation',
      'packaging',
      {
        name: 'sh',
        args: ['-c', 'printf fake-long-output-stdout; printf fake-long-output-stderr >&2; exit 1'],
        env: {},
        cwd: dir,
      },
      { PATH: process.env['PATH'] },
      15,
    );
    await expect(run).rejects.toThrow(FileLoggingExecError);
    await expect(run).rejects.toThrow(
      'Command exited with 1; Truncated stdout: g-output-stdout, Truncated stderr: g-output-stderr',
    );
  });

  it('reports a command that cannot start as exit status -1', async () => {
    await writeFile(join(dir, 'x'), '');
    await expect(
      runLogged(dir, 'c', 't', { name: join(dir, 'missing'), args: [], env: {}, cwd: dir }, {}),
    ).rejects.toThrow('Command exited with -1; Stdout: , Stderr: ');
  });
});
