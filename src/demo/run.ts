import { spawn } from 'node:child_process';
import { isAbsolute, relative } from 'node:path';
import { BINS, ROOT } from './layout.js';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export type Env = Readonly<Record<string, string>>;

/**
 * The environment our CLI runs with: the user's, without the BOSH_* settings that would send it elsewhere or log
 * it in as someone else (BOSH_CONFIG stays: the alias goes where the user keeps theirs).
 */
function cliEnv(extra: Env = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('BOSH_') || k === 'BOSH_CONFIG') env[k] = v;
  }
  return { ...env, ...extra };
}

/** An argument as the user would type it from the repository: a path inside it relative. */
export function shown(path: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(ROOT, path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}

export function heading(text: string): void {
  process.stdout.write(`\n# ${text}\n`);
}

/**
 * Prints `$ bosh ARGS` and runs our CLI (with `--tty`, so piped output reads as in a terminal), its output going
 * to the user and kept for the caller. `env` is shown before the command only by name: it may hold secrets.
 */
export async function bosh(args: readonly string[], env: Env = {}): Promise<RunResult> {
  const names = Object.keys(env).map((k) => `${k}=...`);
  process.stdout.write(`$ ${[...names, 'bosh', ...args.map(shown)].join(' ')}\n`);
  return run(process.execPath, [BINS.bosh, '--tty', ...args], cliEnv(env), true);
}

/** Runs our CLI silently (for `--json` answers the demo reads). */
export function boshQuiet(args: readonly string[], env: Env = {}): Promise<RunResult> {
  return run(process.execPath, [BINS.bosh, ...args], cliEnv(env), false);
}

/** Runs `argv`; with `echo`, stdout and stderr are passed on to ours as they come. */
export function run(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  echo: boolean,
  input?: string,
): Promise<RunResult> {
  return new Promise((done, fail) => {
    // stdin is closed at once without input: a command that would prompt fails instead of waiting forever.
    const child = spawn(file, args, { env, cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      if (echo) process.stdout.write(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      if (echo) process.stderr.write(b);
    });
    child.stdin.end(input);
    child.on('error', fail);
    child.on('close', (code) => {
      done({ code: code ?? 1, stdout, stderr });
    });
  });
}

/** Runs our CLI and fails with `what` unless it succeeds (its own error is already on the user's screen). */
export async function boshOk(what: string, args: readonly string[], env: Env = {}): Promise<RunResult> {
  const result = await bosh(args, env);
  if (result.code !== 0) throw new Error(`${what} failed (bosh exited with ${String(result.code)})`);
  return result;
}
