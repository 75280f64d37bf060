import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseYaml } from '../../base/yaml/parse.js';
import { parseBpmConfig, type BpmProcess, type BpmShim } from '../../core/monit/bpm.js';
import { describeExit, spawnDetached, waitExit, type RunningProgram } from './programs.js';
import { vcapPath } from './types.js';

/** bpm's own layout (bpm/config/bpm_config.go), under the VM's /var/vcap. */
export function bpmPaths(baseDir: string, shim: BpmShim) {
  const logDir = join(baseDir, 'sys', 'log', shim.job);
  const pidDir = join(baseDir, 'sys', 'run', 'bpm', shim.job);
  return {
    config: join(baseDir, 'jobs', shim.job, 'config', 'bpm.yml'),
    jobDir: join(baseDir, 'jobs', shim.job),
    dataDir: join(baseDir, 'data', shim.job),
    stdout: join(logDir, `${shim.process}.stdout.log`),
    stderr: join(logDir, `${shim.process}.stderr.log`),
    logDir,
    pidDir,
    pidfile: join(pidDir, `${shim.process}.pid`),
  };
}

/**
 * The process's bpm.yml entry, or undefined when the job has no bpm.yml (then the shim runs as written).
 * Errors read as bpm's: `failed to parse job configuration: ...`, `process "x" not present in job configuration (...)`.
 */
export async function loadBpmProcess(baseDir: string, shim: BpmShim): Promise<BpmProcess | undefined> {
  const path = bpmPaths(baseDir, shim).config;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  let processes: BpmProcess[];
  try {
    processes = parseBpmConfig(parseYaml(text));
  } catch (e) {
    throw new Error(`failed to parse job configuration: ${(e as Error).message}`);
  }
  const proc = processes.find((p) => p.name === shim.process);
  if (proc === undefined)
    throw new Error(`process "${shim.process}" not present in job configuration (${path})`);
  return proc;
}

/** The environment bpm gives a process: its `env`, plus TMPDIR, LANG, PATH and HOME unless set there. */
export function bpmEnvironment(baseDir: string, shim: BpmShim, proc: BpmProcess): Record<string, string> {
  const paths = bpmPaths(baseDir, shim);
  const env = new Map(proc.env);
  const defaults: [string, string][] = [
    ['TMPDIR', join(paths.dataDir, 'tmp')],
    ['LANG', 'en_US.UTF-8'],
    ['PATH', `${join(paths.jobDir, 'bin')}:/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin:.`],
    ['HOME', paths.dataDir],
  ];
  for (const [k, v] of defaults) if (!env.has(k)) env.set(k, v);
  return Object.fromEntries(env);
}

/** `ulimit` flags for the limits a plain process can have (memory is watched by the supervisor instead). */
function ulimits(proc: BpmProcess): string[] {
  const out: string[] = [];
  if (proc.limits.openFiles !== undefined) out.push(`ulimit -n ${proc.limits.openFiles}`);
  if (proc.limits.coreFileSize !== undefined)
    out.push(`ulimit -c ${Math.ceil(proc.limits.coreFileSize / 1024)}`);
  return out;
}

export interface BpmStart {
  readonly program: RunningProgram;
  readonly pidfile: string;
}

/**
 * Runs a bpm process without runc: pre_start hook, then the executable with its args and bpm's environment, in
 * its own process group, output appended to `sys/log/<job>/<process>.std{out,err}.log`, pid in bpm's pidfile.
 */
export async function startBpmProcess(
  baseDir: string,
  shim: BpmShim,
  proc: BpmProcess,
  hookTimeoutMs: number,
): Promise<BpmStart> {
  const paths = bpmPaths(baseDir, shim);
  await Promise.all([
    mkdir(paths.logDir, { recursive: true }),
    mkdir(paths.pidDir, { recursive: true }),
    mkdir(join(paths.dataDir, 'tmp'), { recursive: true }),
  ]);
  const env = bpmEnvironment(baseDir, shim, proc);
  const cwd = vcapPath(baseDir, proc.workdir ?? paths.jobDir);
  const executable = vcapPath(baseDir, proc.executable);
  const out = openSync(paths.stdout, 'a', 0o640);
  const err = openSync(paths.stderr, 'a', 0o640);
  try {
    const stdio = ['ignore', out, err] as const;
    if (proc.preStart !== undefined) {
      const hook = spawnDetached(vcapPath(baseDir, proc.preStart), [], { env, cwd, stdio: [...stdio] });
      const exit = await waitExit(hook, hookTimeoutMs);
      if (exit === undefined) throw new Error(`pre-start hook ${proc.preStart} timed out`);
      if (exit.code !== 0) throw new Error(`pre-start hook ${proc.preStart} failed: ${describeExit(exit)}`);
    }
    const limits = ulimits(proc);
    const program =
      limits.length === 0
        ? spawnDetached(executable, proc.args, { env, cwd, stdio: [...stdio] })
        : spawnDetached(
            '/bin/bash',
            ['-c', `${limits.join('; ')}; exec "$0" "$@"`, executable, ...proc.args],
            {
              env,
              cwd,
              stdio: [...stdio],
            },
          );
    if (program.pid < 0) throw new Error(`starting ${executable}: ${describeExit(await program.exited)}`);
    await writeFile(paths.pidfile, `${program.pid}\n`);
    return { program, pidfile: paths.pidfile };
  } finally {
    closeSync(out);
    closeSync(err);
  }
}
