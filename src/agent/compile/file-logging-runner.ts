import { spawn } from 'node:child_process';
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { constants } from 'node:os';
import { join } from 'node:path';
import { wrapError } from '../../base/errors.js';

/** bosh-agent keeps the last 10 KiB of each stream for the error of a failed command. */
export const TRUNCATE_LENGTH = 10 * 1024;

export interface LoggedCommand {
  readonly name: string;
  readonly args: readonly string[];
  /** Added to the agent's environment. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
}

export interface CmdOutput {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly stdoutTruncated: boolean;
  readonly stderrTruncated: boolean;
  readonly exitStatus: number;
}

/**
 * A command that exited non-zero (bosh-agent's FileLoggingExecErr):
 * `Command exited with <n>; Stdout: <…>, Stderr: <…>` ("Truncated stdout" when only the tail is shown).
 */
export class FileLoggingExecError extends Error {
  override readonly name = 'FileLoggingExecError';
  constructor(readonly result: CmdOutput) {
    super(
      `Command exited with ${String(result.exitStatus)}; ` +
        `${result.stdoutTruncated ? 'Truncated stdout' : 'Stdout'}: ${result.stdout.toString()}, ` +
        `${result.stderrTruncated ? 'Truncated stderr' : 'Stderr'}: ${result.stderr.toString()}`,
    );
  }
}

/**
 * bosh-agent's FileLoggingCmdRunner: `<logsDir>/<job>/` is emptied, the command's stdout and stderr go to
 * `<task>.stdout.log` / `<task>.stderr.log` (0640, truncated first), and the tail of each comes back with the result
 * — or in the error when the command fails.
 */
export async function runLogged(
  logsDir: string,
  job: string,
  task: string,
  command: LoggedCommand,
  baseEnv: Readonly<Record<string, string | undefined>>,
  truncateLength = TRUNCATE_LENGTH,
): Promise<CmdOutput> {
  const dir = join(logsDir, job);
  try {
    await rm(dir, { recursive: true, force: true });
  } catch (e) {
    throw wrapError(e, `Removing log dir for job ${job}`);
  }
  try {
    await mkdir(dir, { recursive: true, mode: 0o750 });
  } catch (e) {
    throw wrapError(e, `Creating log dir for job ${job}`);
  }
  const out = await open(join(dir, `${task}.stdout.log`), 'w+', 0o640).catch((e: unknown) => {
    throw wrapError(e, `Opening stdout for task ${task}`);
  });
  try {
    const err = await open(join(dir, `${task}.stderr.log`), 'w+', 0o640).catch((e: unknown) => {
      throw wrapError(e, `Opening stderr for task ${task}`);
    });
    try {
      const exitStatus = await new Promise<number>((resolve) => {
        const child = spawn(command.name, command.args, {
          cwd: command.cwd,
          env: { ...baseEnv, ...command.env },
          stdio: ['ignore', out.fd, err.fd],
        });
        child.on('error', () => {
          resolve(-1);
        });
        child.on('exit', (code, signal) => {
          resolve(code ?? (signal === null ? -1 : 128 + signalNumber(signal)));
        });
      });
      const [stdout, stdoutTruncated] = await tail(out, truncateLength).catch((e: unknown) => {
        throw wrapError(e, `Truncating stdout for task ${task}`);
      });
      const [stderr, stderrTruncated] = await tail(err, truncateLength).catch((e: unknown) => {
        throw wrapError(e, `Truncating stderr for task ${task}`);
      });
      const result = { stdout, stderr, stdoutTruncated, stderrTruncated, exitStatus };
      if (exitStatus !== 0) throw new FileLoggingExecError(result);
      return result;
    } finally {
      await err.close();
    }
  } finally {
    await out.close();
  }
}

async function tail(file: FileHandle, truncateLength: number): Promise<[Buffer, boolean]> {
  const { size } = await file.stat();
  const offset = size - truncateLength;
  const length = offset < 0 ? size : truncateLength;
  const data = Buffer.alloc(length);
  if (length > 0) await file.read(data, 0, length, offset < 0 ? 0 : offset);
  return [truncateUntilToken(data, Math.trunc(truncateLength / 4)), offset >= 0];
}

/**
 * bosh-agent's truncateUntilToken, applied to every captured tail (truncated or not): when the first line break
 * lies within `dataLossLimit` bytes, everything up to it (and a `\r` right after) goes; otherwise leading bytes of
 * a cut UTF-8 sequence go.
 */
export function truncateUntilToken(data: Buffer, dataLossLimit: number): Buffer {
  const i = data.indexOf(0x0a);
  if (i >= 0 && i <= dataLossLimit) {
    const rest = data.subarray(i + 1);
    return rest[0] === 0x0d ? rest.subarray(1) : rest;
  }
  let d = data;
  while (d.length > 0) {
    const first = d[0] ?? 0;
    if (first < 0x80) break;
    const width = runeWidth(d);
    if (width > 1) break;
    d = d.subarray(1);
  }
  return d;
}

/** utf8.DecodeRune's width for a valid, complete sequence at the start of `d`; 1 otherwise. */
function runeWidth(d: Buffer): number {
  const b0 = d[0] ?? 0;
  let need: number;
  if (b0 >= 0xc2 && b0 <= 0xdf) need = 2;
  else if (b0 >= 0xe0 && b0 <= 0xef) need = 3;
  else if (b0 >= 0xf0 && b0 <= 0xf4) need = 4;
  else return 1;
  if (d.length < need) return 1;
  for (let k = 1; k < need; k++) {
    const b = d[k] ?? 0;
    if (b < 0x80 || b > 0xbf) return 1;
  }
  const bytes = d.subarray(0, need);
  return Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes) ? need : 1;
}

function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal];
}
