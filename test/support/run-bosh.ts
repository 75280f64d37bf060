import { capture } from './capture.js';
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
  return capture(process.execPath, [BOSH_BIN, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...options.env },
    timeoutMs: 120_000,
    input: options.stdin ?? '',
  }).then((r) => ({ exit: r.code ?? -1, stdout: r.stdout, stderr: r.stderr }));
}
