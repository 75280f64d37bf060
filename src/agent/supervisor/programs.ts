import { spawn, type StdioOptions } from 'node:child_process';

export interface ProgramExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the program could not be spawned at all. */
  readonly error?: string;
}

/** A program started in its own process group (its pid is the group id). */
export interface RunningProgram {
  readonly pid: number;
  readonly exited: Promise<ProgramExit>;
  /** The exit once it happened, else undefined. */
  exit(): ProgramExit | undefined;
}

export interface SpawnOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly uid?: number;
  readonly gid?: number;
  readonly cwd?: string;
  readonly stdio?: StdioOptions;
}

/** Runs `file args` detached, in a new process group, never holding our event loop open. */
export function spawnDetached(file: string, args: readonly string[], opts: SpawnOptions): RunningProgram {
  const child = spawn(file, args, {
    detached: true,
    stdio: opts.stdio ?? 'ignore',
    env: opts.env,
    cwd: opts.cwd ?? '/',
    ...(opts.uid !== undefined ? { uid: opts.uid } : {}),
    ...(opts.gid !== undefined ? { gid: opts.gid } : {}),
  });
  let result: ProgramExit | undefined;
  const exited = new Promise<ProgramExit>((resolve) => {
    child.once('error', (e) => {
      result = { code: null, signal: null, error: e.message };
      resolve(result);
    });
    child.once('exit', (code, signal) => {
      result = { code, signal };
      resolve(result);
    });
  });
  child.unref();
  if (child.pid === undefined) {
    return { pid: -1, exited, exit: () => result ?? { code: null, signal: null, error: 'spawn failed' } };
  }
  return { pid: child.pid, exited, exit: () => result };
}

/** Runs a monit program as monit does, but through `/bin/bash -c` (so redirections and `&&` work too). */
export function spawnProgram(command: string, opts: SpawnOptions): RunningProgram {
  return spawnDetached('/bin/bash', ['-c', command], opts);
}

/** Waits for the program to exit, at most `timeoutMs`; undefined when it is still running. */
export async function waitExit(program: RunningProgram, timeoutMs: number): Promise<ProgramExit | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(
      () => {
        resolve(undefined);
      },
      Math.max(0, timeoutMs),
    );
  });
  try {
    return await Promise.race([program.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function describeExit(exit: ProgramExit): string {
  if (exit.error !== undefined) return exit.error;
  if (exit.signal !== null) return `killed by ${exit.signal}`;
  return `exit status ${exit.code ?? 'unknown'}`;
}
