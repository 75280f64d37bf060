import { spawn } from 'node:child_process';
import { BOSH_BIN, type Vars } from './case-types.js';

export interface ProcessResult {
  exit: number;
  stdout: Buffer;
  stderr: Buffer;
  timedOut: boolean;
}

/** The environment of README §2: nothing from the caller's environment but PATH. */
export function caseEnv(vars: Vars, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: vars.HOME,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    GIT_CONFIG_NOSYSTEM: '1',
    ...extra,
  };
}

/**
 * Runs `argv` in `cwd` under `umask 022` (set by a `sh` wrapper, so the test process' own umask does not matter)
 * with pipes for stdin (closed at once), stdout and stderr: no TTY anywhere.
 */
export function runProcess(
  argv: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string>>,
  timeoutMs = 100_000,
): Promise<ProcessResult> {
  return new Promise((done, fail) => {
    const child = spawn('/bin/sh', ['-c', 'umask 022 && exec "$@"', 'sh', ...argv], {
      cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({
        exit: code ?? (signal === null ? -1 : 128),
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err),
        timedOut,
      });
    });
    child.stdin.end();
  });
}

/** Runs the CLI under test: `node bin/bosh.cjs <args>`. */
export function runBosh(args: readonly string[], cwd: string, vars: Vars): Promise<ProcessResult> {
  return runProcess([process.execPath, BOSH_BIN, ...args], cwd, caseEnv(vars));
}
