import { spawn } from 'node:child_process';
import { WrappedError } from '../../base/errors.js';

/** Go's syscall.Signal texts, for `signal: <name>` when a script is killed. */
const SIGNAL_TEXT: Readonly<Record<string, string>> = {
  SIGHUP: 'hangup',
  SIGINT: 'interrupt',
  SIGQUIT: 'quit',
  SIGILL: 'illegal instruction',
  SIGTRAP: 'trace/breakpoint trap',
  SIGABRT: 'aborted',
  SIGBUS: 'bus error',
  SIGFPE: 'floating point exception',
  SIGKILL: 'killed',
  SIGUSR1: 'user defined signal 1',
  SIGSEGV: 'segmentation fault',
  SIGUSR2: 'user defined signal 2',
  SIGPIPE: 'broken pipe',
  SIGALRM: 'alarm clock',
  SIGTERM: 'terminated',
};

/**
 * Runs `bash -x <script>` in the staging dir with `BUILD_DIR` and `RELEASE_DIR` added to the environment, as
 * bosh-cli's runPrepScripts does. A failure reads like bosh-utils' exec error:
 * `Running command: 'bash -x <script>', stdout: '<out>', stderr: '<err>'` wrapping `exit status N`.
 */
export function runPrePackaging(script: string, stagingDir: string, releaseDir: string): Promise<void> {
  const args = ['-x', script];
  const command = ['bash', ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('bash', args, {
      cwd: stagingDir,
      env: { ...process.env, BUILD_DIR: stagingDir, RELEASE_DIR: releaseDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => stdout.push(c));
    child.stderr.on('data', (c: Buffer) => stderr.push(c));
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'ENOENT' && e.syscall?.startsWith('spawn') === true
          ? new Error('exec: "bash": executable file not found in $PATH')
          : e,
      );
    });
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolve();
        return;
      }
      const cause =
        signal !== null ? `signal: ${SIGNAL_TEXT[signal] ?? signal}` : `exit status ${String(code ?? -1)}`;
      const out = Buffer.concat(stdout).toString('utf8');
      const err = Buffer.concat(stderr).toString('utf8');
      reject(
        new WrappedError(
          `Running command: '${command}', stdout: '${out}', stderr: '${err}'`,
          new Error(cause),
        ),
      );
    });
  });
}
