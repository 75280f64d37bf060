import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { BINS, type DemoLayout } from './layout.js';
import { liveCmdline, signal, waitGone } from './procs.js';

export interface Creds {
  readonly adminPassword: string;
  readonly ca: string;
}

export interface RunningDirector {
  readonly pid: number;
  readonly url: string;
}

/** `admin_password` and `director_ca` of the director's creds.yml. */
export async function readCreds(layout: DemoLayout): Promise<Creds> {
  const creds = parse(await readFile(layout.creds, 'utf8')) as Record<string, unknown> | null;
  const adminPassword = creds?.admin_password;
  const ca = creds?.director_ca;
  if (typeof adminPassword !== 'string' || typeof ca !== 'string') {
    throw new Error(`${layout.creds} has no admin_password and director_ca`);
  }
  return { adminPassword, ca };
}

/** The URL of the director.yml the director wrote on its first start; undefined before that. */
export async function configuredUrl(layout: DemoLayout): Promise<string | undefined> {
  if (!existsSync(layout.directorConfig)) return undefined;
  const config = parse(await readFile(layout.directorConfig, 'utf8')) as Record<string, unknown> | null;
  const bind = typeof config?.bind === 'string' ? config.bind : '127.0.0.1';
  return typeof config?.port === 'number' ? `https://${bind}:${String(config.port)}` : undefined;
}

/** The pid in the pid file, when that process is alive and still this data dir's director (pids get reused). */
export async function directorPid(layout: DemoLayout): Promise<number | undefined> {
  const pid = Number((await readFile(layout.pidFile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const cmdline = await liveCmdline(pid);
  return cmdline?.includes('bosh-director') === true && cmdline.includes(layout.directorDir)
    ? pid
    : undefined;
}

/** The director when its process is alive and GET /info answers. */
export async function runningDirector(layout: DemoLayout): Promise<RunningDirector | undefined> {
  const pid = await directorPid(layout);
  const url = await configuredUrl(layout);
  if (pid === undefined || url === undefined) return undefined;
  const { ca } = await readCreds(layout);
  return (await infoAnswers(url, ca)) ? { pid, url } : undefined;
}

function infoAnswers(url: string, ca: string): Promise<boolean> {
  return new Promise((done) => {
    const req = request(new URL('/info', url), { ca, timeout: 3000 }, (res) => {
      res.resume();
      done(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => {
      done(false);
    });
    req.end();
  });
}

/** Whether nothing listens on 127.0.0.1:`port` (where the embedded director binds). */
export function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => {
      done(false);
    });
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      server.close(() => {
        done(true);
      });
    });
  });
}

/**
 * Starts `bosh-director --data-dir` detached, in a session of its own (so it outlives this process and the
 * terminal's Ctrl-C), with its output appended to the log and its pid in the pid file; waits for it to listen.
 */
export async function startDirector(layout: DemoLayout, port: number | undefined): Promise<RunningDirector> {
  const offset = existsSync(layout.logFile) ? (await stat(layout.logFile)).size : 0;
  const log = await open(layout.logFile, 'a');
  const args = [BINS.director, '--data-dir', layout.directorDir];
  if (port !== undefined) args.push('--port', String(port));
  const child = spawn(process.execPath, args, {
    detached: true,
    cwd: layout.root,
    stdio: ['ignore', log.fd, log.fd],
  });
  await log.close();
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error('Could not start the director');
  await writeFile(layout.pidFile, `${String(pid)}\n`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const output = (await readFile(layout.logFile)).subarray(offset).toString();
    const url = /listening on (https:\/\/\S+)/.exec(output)?.[1];
    if (url !== undefined) return { pid, url };
    const ended = child.exitCode ?? child.signalCode;
    if (ended !== null || Date.now() > deadline) {
      if (ended === null) signal(pid, 'SIGKILL');
      await rm(layout.pidFile, { force: true });
      const why = ended === null ? 'did not start within 60s' : `exited with ${String(ended)}`;
      throw new Error(`The director ${why}; its log (${layout.logFile}):\n${output.trimEnd()}`);
    }
    await sleep(100);
  }
}

/** SIGTERM, then SIGKILL if it has not ended after 15 s; removes the pid file. False when none was running. */
export async function stopDirector(layout: DemoLayout): Promise<boolean> {
  const pid = await directorPid(layout);
  if (pid !== undefined) {
    signal(pid, 'SIGTERM');
    if (!(await waitGone(pid, 15_000))) {
      signal(pid, 'SIGKILL');
      await waitGone(pid, 5_000);
    }
  }
  await rm(layout.pidFile, { force: true });
  return pid !== undefined;
}
