import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/** What one CPI call gave back: its stdout (the response), stderr and exit status, as a process per call has. */
export interface CpiExchange {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
}

interface Pending {
  readonly resolve: (exchange: CpiExchange) => void;
  readonly reject: (error: Error) => void;
}

/** Thrown when the CPI cannot be run at all (spawn failure); ExternalCpi turns it into a CloudError. */
export class CpiSpawnError extends Error {
  override readonly name = 'CpiSpawnError';
}

/**
 * A bosh-ts extension for CPIs that support it (bosh-local-cpi does): instead of one process per call, one
 * long-lived `<executable> <config> --serve` answers every call. Each request is one line `<seq> <request JSON>`
 * on its stdin, each response one line `<seq> <response JSON>` on its stdout, in any order, so calls run
 * concurrently. A call costs no process start (node's start-up is most of a local create_vm's CPU). The process
 * starts on the first call; when it exits, the calls it had not answered fail and the next call starts another.
 * Its stderr is passed to `log` (the director's log), since it belongs to no one call.
 */
export class ServedCpi {
  /** The running process and the calls it has not answered (each process fails only its own). */
  private current:
    { readonly child: ChildProcessWithoutNullStreams; readonly pending: Map<number, Pending> } | undefined;
  private seq = 0;
  private stopping = false;

  constructor(
    private readonly executable: string,
    private readonly configPath: string,
    private readonly log: (line: string) => void,
  ) {}

  exchange(request: string): Promise<CpiExchange> {
    if (this.stopping) return Promise.reject(new CpiSpawnError('the director is stopping'));
    const { child, pending } = this.current ?? this.start();
    this.seq += 1;
    const seq = this.seq;
    return new Promise((resolve, reject) => {
      pending.set(seq, { resolve, reject });
      // JSON text has no raw newline: one request per line.
      child.stdin.write(`${String(seq)} ${request}\n`);
    });
  }

  /** Closes the process's stdin (it exits once its calls are answered) and waits for it, at most `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const child = this.current?.child;
    if (child === undefined) return;
    const exited = new Promise<void>((done) => {
      child.once('close', () => {
        done();
      });
    });
    child.stdin.end();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, graceMs);
    await exited;
    clearTimeout(timer);
  }

  private start(): NonNullable<ServedCpi['current']> {
    const child = spawn(this.executable, [this.configPath, '--serve'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const pending = new Map<number, Pending>();
    const started = { child, pending };
    this.current = started;
    const stderr: string[] = [];
    child.stdin.on('error', () => undefined);
    createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
      const space = line.indexOf(' ');
      const seq = Number(line.slice(0, space));
      const call = pending.get(seq);
      if (space < 0 || call === undefined) {
        this.log(`[served-cpi] unexpected output: ${line}`);
        return;
      }
      pending.delete(seq);
      call.resolve({ stdout: line.slice(space + 1), stderr: '', code: 0 });
    });
    createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => {
      stderr.push(line);
      if (stderr.length > 20) stderr.shift();
      this.log(`[served-cpi] ${line}`);
    });
    // A process that cannot start fails its calls as a process per call does; one that exits fails the calls it
    // had not answered with what it last said on stderr (the response, empty, is then invalid).
    const unanswered = (): Pending[] => {
      if (this.current === started) this.current = undefined;
      const calls = [...pending.values()];
      pending.clear();
      return calls;
    };
    child.on('error', (e) => {
      for (const call of unanswered()) call.reject(new CpiSpawnError(e.message));
    });
    child.on('close', (code, signal) => {
      const said = stderr.length > 0 ? `: ${stderr.join('\n')}` : '';
      for (const call of unanswered())
        call.resolve({
          stdout: '',
          stderr: `the CPI process exited (${signal ?? `status ${String(code)}`}) before answering${said}`,
          code,
        });
    });
    return started;
  }
}
