import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readlink } from 'node:fs/promises';
import { basename } from 'node:path';
import type { PseudoTtyInfo, ServerChannel, Session } from 'ssh2';
import type { Logger } from '../logger.js';

const TAG = 'sshServer';
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The login shell of the users `ssh setup` creates (`useradd -s /bin/bash`), /bin/sh where there is no bash. */
export const LOGIN_SHELL = existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';

/** Who the session belongs to and where the connection comes from. */
export interface SessionContext {
  readonly user: string;
  readonly home: string;
  /** The environment sessions start from (the agent's, so they carry what marks the VM's processes). */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
  readonly remote: { readonly address: string; readonly port: number };
  readonly local: { readonly address: string; readonly port: number };
  readonly logger: Logger;
  /** Registers a running session process; returns how to unregister it. The server ends them when it closes. */
  readonly track: (end: () => void) => () => void;
}

/** OpenSSH's sftp-server where Debian/Ubuntu and Fedora put it; undefined when the host has none. */
const SFTP_SERVER = [
  '/usr/lib/openssh/sftp-server',
  '/usr/libexec/openssh/sftp-server',
  '/usr/lib/sftp-server',
].find((path) => existsSync(path));

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** ssh2 leaves accept/reject undefined when the client wants no reply (OpenSSH's `env` requests). */
function reply(answer: (() => void) | undefined): void {
  answer?.();
}

interface WindowSize {
  readonly rows: number;
  readonly cols: number;
}

const dimension = (n: number): number => (Number.isInteger(n) && n > 0 && n < 10_000 ? n : 0);

/**
 * One session channel, as sshd serves it for the user: `exec` runs `<shell> -c <command>`, `shell` a login shell,
 * in the user's home with HOME/USER/LOGNAME/SHELL/PATH set and the client's `env` requests on top. A `pty`
 * request puts the process on a pseudo terminal made by util-linux `script` (no native module), sized with
 * `stty` and resized on `window-change`. The `sftp` subsystem runs the host's OpenSSH `sftp-server` as sshd's
 * `Subsystem sftp` does (modern `scp`, and so `bosh scp`, speaks SFTP); other subsystems, X11 and agent
 * forwarding are refused.
 */
export function serveSession(session: Session, ctx: SessionContext): void {
  let pty: PseudoTtyInfo | undefined;
  let size: WindowSize = { rows: 0, cols: 0 };
  let child: ChildProcess | undefined;
  const clientEnv: Record<string, string> = {};

  session.on('pty', (accept, _reject, info) => {
    pty = info;
    size = { rows: dimension(info.rows), cols: dimension(info.cols) };
    reply(accept);
  });
  session.on('window-change', (accept, _reject, info) => {
    size = { rows: dimension(info.rows), cols: dimension(info.cols) };
    if (pty !== undefined && child?.pid !== undefined) void resize(child.pid, size, ctx.logger);
    reply(accept);
  });
  session.on('env', (accept, reject, info) => {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(info.key)) {
      clientEnv[info.key] = info.val;
      reply(accept);
    } else reply(reject);
  });
  session.on('signal', (accept, reject, info) => {
    const name = `SIG${info.name.replace(/^SIG/, '')}` as NodeJS.Signals;
    if (child?.pid !== undefined && killGroup(child.pid, name)) reply(accept);
    else reply(reject);
  });
  session.on('shell', (accept) => {
    child = start(accept(), undefined);
  });
  session.on('exec', (accept, _reject, info) => {
    child = start(accept(), info.command);
  });
  session.on('subsystem', (accept, reject, info) => {
    const server = info.name === 'sftp' ? SFTP_SERVER : undefined;
    if (server === undefined) {
      reply(reject);
      return;
    }
    pty = undefined;
    child = start(accept(), `exec ${server}`);
  });

  function start(channel: ServerChannel, command: string | undefined): ChildProcess {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(ctx.baseEnv)) if (v !== undefined) env[k] = v;
    Object.assign(env, {
      HOME: ctx.home,
      USER: ctx.user,
      LOGNAME: ctx.user,
      SHELL: LOGIN_SHELL,
      PWD: ctx.home,
      PATH: env['PATH'] ?? DEFAULT_PATH,
      SSH_CLIENT: `${ctx.remote.address} ${String(ctx.remote.port)} ${String(ctx.local.port)}`,
      SSH_CONNECTION: `${ctx.remote.address} ${String(ctx.remote.port)} ${ctx.local.address} ${String(ctx.local.port)}`,
    });
    if (command !== undefined) env['SSH_ORIGINAL_COMMAND'] = command;
    if (pty !== undefined) env['TERM'] = pty.term === '' ? 'dumb' : pty.term;
    Object.assign(env, clientEnv);

    let proc: ChildProcess;
    const options = { cwd: ctx.home, env, detached: true } as const;
    if (pty === undefined) {
      proc =
        command === undefined
          ? spawn(LOGIN_SHELL, [], { ...options, argv0: `-${basename(LOGIN_SHELL)}` })
          : spawn(LOGIN_SHELL, ['-c', command], options);
    } else {
      const sizing =
        size.rows > 0 && size.cols > 0
          ? `stty rows ${String(size.rows)} cols ${String(size.cols)} 2>/dev/null; `
          : '';
      const inner =
        command === undefined
          ? `${sizing}exec ${LOGIN_SHELL} -l`
          : `${sizing}exec ${LOGIN_SHELL} -c ${shellQuote(command)}`;
      proc = spawn('script', ['-qfec', inner, '/dev/null'], options);
    }
    const untrack = ctx.track(() => {
      if (proc.pid !== undefined && proc.exitCode === null && proc.signalCode === null)
        killGroup(proc.pid, 'SIGHUP');
      channel.close();
    });
    ctx.logger.debug(
      TAG,
      `${ctx.user}: ${command === undefined ? 'shell' : `exec ${JSON.stringify(command)}`}${pty ? ' (pty)' : ''}`,
    );

    if (proc.stdin !== null) {
      proc.stdin.on('error', () => undefined);
      channel.pipe(proc.stdin);
    }
    proc.stdout?.pipe(channel, { end: false });
    proc.stderr?.pipe(channel.stderr, { end: false });
    let done = false;
    const finish = (status: number | NodeJS.Signals) => {
      if (done) return;
      done = true;
      untrack();
      try {
        if (typeof status === 'number') channel.exit(status);
        else channel.exit(status, false, '');
      } catch {
        channel.exit(255);
      }
      channel.end();
    };
    proc.on('error', (e) => {
      channel.stderr.write(`${e.message}\n`);
      finish(127);
    });
    proc.on('close', (code, signal) => {
      finish(code ?? signal ?? 255);
    });
    channel.on('close', () => {
      if (!done && proc.pid !== undefined) killGroup(proc.pid, 'SIGHUP');
    });
    return proc;
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Applies a new window size to the terminal of a pty session: `script`'s child holds the pseudo terminal as its
 * stdin; `stty -F` on it resizes it, and the kernel tells the foreground job (SIGWINCH).
 */
async function resize(scriptPid: number, size: WindowSize, logger: Logger): Promise<void> {
  if (size.rows === 0 || size.cols === 0) return;
  try {
    const children = await readFile(`/proc/${String(scriptPid)}/task/${String(scriptPid)}/children`, 'utf8');
    const shell = children.trim().split(/\s+/)[0];
    if (shell === undefined || shell === '') return;
    const tty = await readlink(`/proc/${shell}/fd/0`);
    if (!tty.startsWith('/dev/pts/')) return;
    spawn('stty', ['-F', tty, 'rows', String(size.rows), 'cols', String(size.cols)], { stdio: 'ignore' }).on(
      'error',
      () => undefined,
    );
  } catch (e) {
    logger.debug(TAG, `Resizing the terminal of ${String(scriptPid)}: ${String(e)}`);
  }
}
