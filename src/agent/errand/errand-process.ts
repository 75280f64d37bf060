import { spawn } from 'node:child_process';
import { signalGroup } from '../supervisor/signals.js';
import { constants } from 'node:os';
import { wrapError } from '../../base/errors.js';

/** What an errand's `bin/run` left: its whole output (bosh-utils buffers it all) and exit status. */
export interface ErrandOutcome {
  readonly stdout: string;
  readonly stderr: string;
  /** The exit status, or 128 + the signal number when a signal ended it. */
  readonly exitStatus: number;
}

export interface ErrandProcessOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** How long a cancelled errand gets between SIGTERM and SIGKILL (bosh-agent: 10 s). */
  readonly killGraceMs?: number;
}

/**
 * Runs an errand script as bosh-utils' exec process does: in its own process group, output captured; an abort of
 * `signal` terminates the group nicely (TERM, KILL after the grace period) and the run still ends with the
 * outcome of the killed process. Only a script that cannot be started rejects.
 */
export function runErrandProcess(
  path: string,
  options: ErrandProcessOptions,
  signal: AbortSignal,
): Promise<ErrandOutcome> {
  return new Promise<ErrandOutcome>((resolve, reject) => {
    const child = spawn(path, [], {
      env: { ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => stdout.push(d));
    child.stderr.on('data', (d: Buffer) => stderr.push(d));
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      if (child.pid !== undefined) void signalGroup(child.pid, 'SIGTERM');
      killTimer ??= setTimeout(() => {
        if (child.pid !== undefined) void signalGroup(child.pid, 'SIGKILL');
      }, options.killGraceMs ?? 10_000);
    };
    const finish = () => {
      signal.removeEventListener('abort', onAbort);
      if (killTimer !== undefined) clearTimeout(killTimer);
    };
    child.on('error', (e) => {
      finish();
      reject(goStartError(e, path));
    });
    child.on('close', (code, sig) => {
      finish();
      resolve({
        stdout: Buffer.concat(stdout).toString(),
        stderr: Buffer.concat(stderr).toString(),
        exitStatus: code ?? (sig === null ? -1 : 128 + constants.signals[sig]),
      });
    });
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort);
  });
}

/** `Starting command '<path>': fork/exec <path>: <errno text>`, as Go words a script that cannot start. */
function goStartError(e: Error, path: string): Error {
  const code = (e as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'no such file or directory'
      : code === 'EACCES'
        ? 'permission denied'
        : code === 'ENOEXEC'
          ? 'exec format error'
          : e.message;
  return wrapError(new Error(`fork/exec ${path}: ${reason}`), `Starting command '${path}'`);
}
