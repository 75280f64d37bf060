import { spawn } from 'node:child_process';
import { signalGroup } from '../supervisor/signals.js';
import { toError, wrapError } from '../../base/errors.js';
import type { Logger } from '../logger.js';

const TAG = 'DrainScript';

/** One run of a job's `bin/drain`. */
export interface DrainCommand {
  readonly job: string;
  readonly path: string;
  readonly args: readonly string[];
  /** Added to the agent's environment (PATH, BOSH_JOB_STATE, BOSH_JOB_NEXT_STATE). */
  readonly env: Readonly<Record<string, string>>;
}

/** Runs a drain script once and resolves with the integer it printed; `signal` cancels it. */
export interface DrainScriptRunner {
  run(command: DrainCommand, signal: AbortSignal): Promise<number>;
}

export interface ProcessDrainScriptRunnerOptions {
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
  readonly logger: Logger;
  /** How long a cancelled script gets between SIGTERM and SIGKILL (bosh-agent: 10 s). */
  readonly killGraceMs?: number;
}

/**
 * Runs drain scripts as bosh-agent's drain ConcreteScript does: in their own process group, stdout captured and
 * parsed as a signed integer (whatever the exit status: only a script that cannot be started, or whose output is
 * not an integer, fails), cancellation by SIGTERM to the group then SIGKILL after the grace period.
 */
export class ProcessDrainScriptRunner implements DrainScriptRunner {
  constructor(private readonly o: ProcessDrainScriptRunnerOptions) {}

  run(command: DrainCommand, signal: AbortSignal): Promise<number> {
    const commandText = [command.path, ...command.args].join(' ');
    return new Promise<number>((resolve, reject) => {
      const child = spawn(command.path, command.args, {
        env: { ...this.o.baseEnv, ...command.env },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (d: Buffer) => stdout.push(d));
      child.stderr.on('data', (d: Buffer) => stderr.push(d));
      let cancelled = false;
      let killTimer: NodeJS.Timeout | undefined;
      const onAbort = () => {
        cancelled = true;
        if (child.pid !== undefined) void signalGroup(child.pid, 'SIGTERM');
        killTimer = setTimeout(() => {
          if (child.pid !== undefined) void signalGroup(child.pid, 'SIGKILL');
        }, this.o.killGraceMs ?? 10_000);
      };
      const finish = () => {
        signal.removeEventListener('abort', onAbort);
        if (killTimer !== undefined) clearTimeout(killTimer);
      };
      child.on('error', (e) => {
        finish();
        reject(wrapError(wrapError(e, `Starting command '${commandText}'`), 'Running drain script'));
      });
      child.on('close', (code, sig) => {
        finish();
        const out = Buffer.concat(stdout).toString();
        this.o.logger.debug(TAG, `'${commandText}' exited with ${String(code ?? sig)}; stdout: ${out}`);
        this.o.logger.debug(TAG, `'${commandText}' stderr: ${Buffer.concat(stderr).toString()}`);
        if (cancelled) {
          reject(new Error('Script was cancelled by user request'));
          return;
        }
        try {
          resolve(parseDrainValue(out));
        } catch (e) {
          reject(toError(e));
        }
      });
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort);
    });
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** `strconv.Atoi(strings.TrimSpace(stdout))`, failing as `Script did not return a signed integer: …`. */
export function parseDrainValue(stdout: string): number {
  const text = stdout.trim();
  let problem: string | undefined;
  if (!/^[+-]?[0-9]+$/.test(text)) problem = 'invalid syntax';
  else {
    const n = BigInt(text);
    if (n < INT64_MIN || n > INT64_MAX) problem = 'value out of range';
  }
  if (problem !== undefined) {
    throw wrapError(
      new Error(`strconv.Atoi: parsing ${goQuote(text)}: ${problem}`),
      'Script did not return a signed integer',
    );
  }
  return Number(text);
}

/** strconv.Quote for the texts a drain script prints: Go escapes for quotes, backslashes and control characters. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
