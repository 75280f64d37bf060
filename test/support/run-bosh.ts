import { spawn } from 'node:child_process';
import { BOSH_BIN } from './conformance.js';

export interface BoshRun {
  exit: number;
  stdout: string;
  stderr: string;
}

/** Runs our `bosh` binary with a clean environment (plus `env`), optional stdin, in `cwd`. */
export function runBosh(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; stdin?: string } = {},
): Promise<BoshRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BOSH_BIN, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...options.env },
      timeout: 120_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', fail);
    child.on('close', (code) => {
      done({
        exit: code ?? -1,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
