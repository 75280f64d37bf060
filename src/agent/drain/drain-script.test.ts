import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorChainMessage, toError } from '../../base/errors.js';
import type { Logger } from '../logger.js';
import { goQuote, parseDrainValue, ProcessDrainScriptRunner } from './drain-script.js';

const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return errorChainMessage(toError(e));
  }
  throw new Error('did not throw');
};

describe('parseDrainValue (strconv.Atoi of the trimmed stdout)', () => {
  it('reads signed integers around whitespace', () => {
    expect(parseDrainValue('5\n')).toBe(5);
    expect(parseDrainValue('  -12 \n')).toBe(-12);
    expect(parseDrainValue('+3')).toBe(3);
    expect(parseDrainValue('0')).toBe(0);
  });

  it('refuses anything else with the agent text', () => {
    expect(message(() => parseDrainValue(''))).toBe(
      'Script did not return a signed integer: strconv.Atoi: parsing "": invalid syntax',
    );
    expect(message(() => parseDrainValue('draining\n5'))).toBe(
      'Script did not return a signed integer: strconv.Atoi: parsing "draining\\n5": invalid syntax',
    );
    expect(message(() => parseDrainValue('1.5'))).toContain('parsing "1.5": invalid syntax');
    expect(message(() => parseDrainValue('9223372036854775808'))).toContain('value out of range');
    expect(parseDrainValue('-9223372036854775808')).toBe(-9223372036854775808);
  });

  it('quotes as strconv.Quote does', () => {
    expect(goQuote('a"b\\c\td\u0001')).toBe('"a\\"b\\\\c\\td\\x01"');
  });
});

describe('ProcessDrainScriptRunner', () => {
  let dir: string;
  const runner = new ProcessDrainScriptRunner({
    baseEnv: { AGENT_VAR: 'from-agent' },
    logger: quiet,
    killGraceMs: 200,
  });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'drain-script-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function script(body: string): Promise<string> {
    const path = join(dir, 'drain');
    await writeFile(path, `#!/bin/sh\n${body}\n`);
    await chmod(path, 0o755);
    return path;
  }

  it('passes the arguments and environment and reads the printed value, whatever the exit status', async () => {
    const path = await script(`echo "$@|$BOSH_JOB_STATE|$AGENT_VAR" > ${dir}/seen\necho 7\nexit 3`);
    const value = await runner.run(
      {
        job: 'web',
        path,
        args: ['job_changed', 'hash_new', 'pkg'],
        env: { BOSH_JOB_STATE: '{"persistent_disk":1}' },
      },
      new AbortController().signal,
    );
    expect(value).toBe(7);
    expect(await readFile(join(dir, 'seen'), 'utf8')).toBe(
      'job_changed hash_new pkg|{"persistent_disk":1}|from-agent\n',
    );
  });

  it('fails when the output is not an integer or the script cannot start', async () => {
    const path = await script('echo not-a-number');
    await expect(
      runner.run({ job: 'web', path, args: [], env: {} }, new AbortController().signal),
    ).rejects.toThrow('Script did not return a signed integer');
    const missing = runner.run(
      { job: 'web', path: join(dir, 'absent'), args: ['a'], env: {} },
      new AbortController().signal,
    );
    await expect(missing.catch((e: unknown) => errorChainMessage(toError(e)))).resolves.toMatch(
      new RegExp(`^Running drain script: Starting command '${dir}/absent a': spawn ${dir}/absent ENOENT$`),
    );
  });

  it('terminates the script on cancel (SIGTERM to its group, SIGKILL after the grace period)', async () => {
    const path = await script(`trap '' TERM\ntouch ${dir}/started\nwhile true; do sleep 0.05; done`);
    const controller = new AbortController();
    const running = runner.run({ job: 'web', path, args: [], env: {} }, controller.signal);
    while (!existsSync(join(dir, 'started'))) await delay(10);
    controller.abort();
    await expect(running).rejects.toThrow('Script was cancelled by user request');
  });
});
