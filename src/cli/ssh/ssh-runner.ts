/**
 * bosh-cli's SSH runners (`ssh.InteractiveRunner`, `NonInteractiveRunner` over `ComboRunner`): the system `ssh`
 * (OpenSSH) once per host, in parallel, with the session's key and known_hosts files. Non-interactive runs get
 * their own process group and stdin from /dev/null, their output goes to the writer; the interactive run is
 * attached to the terminal. A signal prints `Received a signal, exiting...` and ends the runs (SIGTERM, then
 * SIGKILL after 10 s). Failed runs are reported together, as go-multierror lists them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { wrapError } from '../../base/errors.js';
import type { Ui } from '../ui/ui.js';
import { lookPath } from './look-path.js';
import type { OutputWriter } from './output-writers.js';
import { loginForHost, optsForHost, type ConnectionOpts, type SshHost, type SshTargets } from './ssh-args.js';
import { SshSession } from './ssh-session.js';

export interface SshRun {
  readonly conn: ConnectionOpts;
  readonly targets: SshTargets;
  /** The remote command's words; empty for an interactive shell. */
  readonly command: readonly string[];
  readonly interactive: boolean;
  readonly writer: OutputWriter;
  readonly ui: Pick<Ui, 'printLine'>;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** How Go's `ProcessState.String()` names the usual signals. */
const GO_SIGNAL_NAMES: Readonly<Record<string, string>> = {
  SIGHUP: 'hangup',
  SIGINT: 'interrupt',
  SIGQUIT: 'quit',
  SIGABRT: 'aborted',
  SIGKILL: 'killed',
  SIGSEGV: 'segmentation fault',
  SIGPIPE: 'broken pipe',
  SIGTERM: 'terminated',
};

export async function runSsh(r: SshRun): Promise<void> {
  if (r.interactive) {
    if (r.targets.hosts.length !== 1)
      throw new Error('Interactive SSH only works for a single host at a time');
    if (r.command.length !== 0) throw new Error('Interactive SSH does not accept commands');
  } else {
    if (r.targets.hosts.length === 0) throw new Error('Non-interactive SSH expects at least one host');
    if (r.command.length === 0) throw new Error('Non-interactive SSH expects non-empty command');
  }
  const session = new SshSession(r.conn.privateKey, r.targets);
  let files;
  try {
    files = await session.start();
  } catch (e) {
    throw wrapError(e, 'Setting up SSH session');
  }
  const running: ChildProcess[] = [];
  const onSignal = () => {
    r.ui.printLine('\nReceived a signal, exiting...\n');
    void session.finish();
    for (const child of running) terminateNicely(child, !r.interactive);
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    const hasConnectProxy = r.conn.socks5Proxy !== '' && lookPath('connect-proxy') !== undefined;
    const ctx = { conn: r.conn, targets: r.targets, files, forceTty: true, hasConnectProxy };
    const errors = await Promise.all(
      r.targets.hosts.map((host) =>
        runOne(r, host, [...optsForHost(ctx, host), ...loginForHost(host), ...r.command], running),
      ),
    );
    r.writer.flush();
    const failed = errors.filter((e): e is Error => e !== undefined);
    if (failed.length > 0) throw new Error(multiErrorText(failed));
  } finally {
    for (const s of SIGNALS) process.off(s, onSignal);
    await session.finish();
  }
}

/** go-multierror's list format. */
export function multiErrorText(errors: readonly Error[]): string {
  if (errors.length === 1) return `1 error occurred:\n\t* ${errors[0]?.message ?? ''}\n\n`;
  return `${String(errors.length)} errors occurred:\n\t${errors.map((e) => `* ${e.message}`).join('\n\t')}\n\n`;
}

/** One `ssh` process; resolves with its error (bosh-utils' texts), undefined when it exits 0. */
function runOne(
  r: SshRun,
  host: SshHost,
  args: string[],
  running: ChildProcess[],
): Promise<Error | undefined> {
  const commandText = ['ssh', ...args].join(' ');
  const out = r.writer.forInstance(host.job === '' ? '?' : host.job, host.indexOrId);
  if (lookPath('ssh') === undefined) {
    const error = new Error(
      `Starting command '${commandText}': exec: "ssh": executable file not found in $PATH`,
    );
    out.end(0, error);
    return Promise.resolve(error);
  }
  const child = r.interactive
    ? spawn('ssh', args, { stdio: 'inherit' })
    : spawn('ssh', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.push(child);
  for (const [stream, write] of [
    [child.stdout, out.stdout],
    [child.stderr, out.stderr],
  ] as const) {
    const decoder = new StringDecoder('utf8');
    stream?.on('data', (chunk: Buffer) => {
      write(decoder.write(chunk));
    });
    stream?.on('end', () => {
      write(decoder.end());
    });
  }
  return new Promise((resolve) => {
    child.on('error', (e) => {
      const error = new Error(`Starting command '${commandText}': ${e.message}`);
      out.end(0, error);
      resolve(error);
    });
    child.on('close', (code, signal) => {
      const status = signal === null ? (code ?? -1) : 128 + constants.signals[signal];
      const reason =
        signal === null ? `exit status ${String(code)}` : `signal: ${GO_SIGNAL_NAMES[signal] ?? signal}`;
      const error =
        status === 0
          ? undefined
          : new Error(`Running command: '${commandText}', stdout: '', stderr: '': ${reason}`);
      out.end(status, error);
      resolve(error);
    });
  });
}

/** bosh-utils TerminateNicely: SIGTERM to the process group, SIGKILL if it is still there after 10 s. */
function terminateNicely(child: ChildProcess, group: boolean): void {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(group ? -pid : pid, s);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => {
    signal('SIGKILL');
  }, 10_000);
  timer.unref();
  child.on('close', () => {
    clearTimeout(timer);
  });
}
