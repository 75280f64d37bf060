import { spawn, type SpawnOptions } from 'node:child_process';

export interface Captured {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CaptureOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed; without it stdin is /dev/null. */
  readonly input?: string;
  /** Killed after this long (spawn's `timeout`). */
  readonly timeoutMs?: number;
  /** Run as this user and group. */
  readonly uid?: number;
  readonly gid?: number;
}

/** Runs `file args` to its end and gives its exit code and whole stdout and stderr (the tests' one process runner). */
export function capture(file: string, args: readonly string[], o: CaptureOptions = {}): Promise<Captured> {
  return new Promise((done, fail) => {
    const options: SpawnOptions = {
      stdio: [o.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      ...(o.cwd === undefined ? {} : { cwd: o.cwd }),
      ...(o.env === undefined ? {} : { env: o.env }),
      ...(o.timeoutMs === undefined ? {} : { timeout: o.timeoutMs }),
      ...(o.uid === undefined ? {} : { uid: o.uid }),
      ...(o.gid === undefined ? {} : { gid: o.gid }),
    };
    const child = spawn(file, args, options);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => err.push(d));
    child.on('error', fail);
    child.on('close', (code) => {
      done({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
    if (o.input !== undefined) child.stdin?.end(o.input);
  });
}
