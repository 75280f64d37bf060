/**
 * TemplateRenderer on one long-lived `ruby` process: each render() is one JSON line in and one JSON line out,
 * covering every template of every instance in the batch. The process is started on first use, kept for later
 * batches and started again if it dies.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type {
  InstanceRenderInput,
  InstanceRenderResult,
  TemplateRenderer,
} from '../../ports/template-renderer.js';
import { assembleResults, buildRequest, type WireResponse } from './batch.js';
import { RUBY_CONTEXT_SOURCE } from './ruby-context-source.js';
import { RUBY_WORKER_SOURCE } from './ruby-worker-source.js';

export interface RubyTemplateRendererOptions {
  /** The ruby executable; `ruby` on PATH by default. */
  readonly rubyPath?: string;
  /** Receives what the worker (and templates that print) write to stderr. */
  readonly onStderr?: (text: string) => void;
}

interface Pending {
  resolve(response: WireResponse): void;
  reject(error: Error): void;
}

const STDERR_TAIL = 4096;

export class RubyTemplateRenderer implements TemplateRenderer {
  private child: ChildProcessWithoutNullStreams | null = null;
  private stdoutChunks: string[] = [];
  private stderrTail = '';
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private starts = 0;

  constructor(private readonly options: RubyTemplateRendererOptions = {}) {}

  /** How many worker processes were started so far (1 while the first one lives). */
  get processStarts(): number {
    return this.starts;
  }

  /** The live worker's pid, if any. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async render(instances: readonly InstanceRenderInput[]): Promise<InstanceRenderResult[]> {
    if (instances.length === 0) return [];
    const prepared = buildRequest(this.nextId++, instances);
    const response = await this.send(prepared.request.id, JSON.stringify(prepared.request));
    return assembleResults(instances, prepared, response);
  }

  async close(): Promise<void> {
    const child = this.child;
    if (child === null) return;
    this.child = null;
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        resolve();
      }),
    );
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  }

  private send(id: number, line: string): Promise<WireResponse> {
    const child = this.ensureChild();
    return new Promise<WireResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      child.stdin.write(line + '\n');
    });
  }

  private ensureChild(): ChildProcessWithoutNullStreams {
    if (this.child !== null) return this.child;
    const child = spawn(this.options.rubyPath ?? 'ruby', ['-e', RUBY_CONTEXT_SOURCE + RUBY_WORKER_SOURCE], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.starts++;
    this.child = child;
    this.stdoutChunks = [];
    this.stderrTail = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      this.onStdout(chunk);
    });
    child.stderr.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL);
      this.options.onStderr?.(chunk);
    });
    child.stdin.on('error', () => {
      // EPIPE when the worker died; the exit handler fails the pending requests.
    });
    child.on('error', (err) => {
      this.fail(child, new Error(`template renderer: cannot run ruby: ${err.message}`));
    });
    child.on('exit', (code, signal) => {
      const why = signal === null ? `exit status ${String(code)}` : `signal ${signal}`;
      const tail = this.stderrTail.trim();
      this.fail(child, new Error(`template renderer: ruby exited (${why})${tail === '' ? '' : `: ${tail}`}`));
    });
    return child;
  }

  private fail(child: ChildProcessWithoutNullStreams, error: Error): void {
    if (this.child === child) this.child = null;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  private onStdout(chunk: string): void {
    let newline = chunk.indexOf('\n');
    if (newline < 0) {
      this.stdoutChunks.push(chunk);
      return;
    }
    while (newline >= 0) {
      const line = this.stdoutChunks.join('') + chunk.slice(0, newline);
      this.stdoutChunks = [];
      chunk = chunk.slice(newline + 1);
      this.onLine(line);
      newline = chunk.indexOf('\n');
    }
    if (chunk !== '') this.stdoutChunks.push(chunk);
  }

  private onLine(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const record = message as Record<string, unknown>;
    const id = typeof record['id'] === 'number' ? record['id'] : undefined;
    const targets = id === undefined ? [...this.pending.keys()] : [id];
    for (const target of targets) {
      const pending = this.pending.get(target);
      if (pending === undefined) continue;
      this.pending.delete(target);
      if (typeof record['fatal'] === 'string') {
        pending.reject(new Error(`template renderer: ${record['fatal']}`));
      } else if (Array.isArray(record['instances'])) {
        pending.resolve(message as WireResponse);
      } else {
        pending.reject(new Error('template renderer: malformed response'));
      }
    }
  }
}
