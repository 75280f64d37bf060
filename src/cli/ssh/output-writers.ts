/**
 * Where the output of `bosh ssh -c` goes (bosh-cli `ssh.Writer`): streamed with a prefix per line
 * (`<group>/<id>: stdout | `, ui.ComboWriter), or collected into a results table printed at the end (`-r`).
 */
import { headers, type Table } from '../ui/table.js';
import type { Ui } from '../ui/ui.js';

export interface InstanceWriter {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly end: (exitStatus: number, error: Error | undefined) => void;
}

export interface OutputWriter {
  forInstance(job: string, indexOrId: string): InstanceWriter;
  flush(): void;
}

/**
 * ui.ComboWriter: every writer shares one "at the start of a line" state, so a prefix is printed only where a new
 * line begins, whichever instance wrote the previous bytes; empty trailing pieces print nothing.
 */
export class ComboWriter {
  private onNewLine = true;

  constructor(private readonly ui: Pick<Ui, 'printBlock'>) {}

  writer(prefix: string): (text: string) => void {
    return (text) => {
      if (text === '') return;
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        const last = i === lines.length - 1;
        if (last && line === '') return;
        if (this.onNewLine) this.ui.printBlock(prefix);
        this.ui.printBlock(line);
        this.onNewLine = false;
        if (!last) {
          this.ui.printBlock('\n');
          this.onNewLine = true;
        }
      });
    };
  }
}

export class StreamingWriter implements OutputWriter {
  private readonly combo: ComboWriter;

  constructor(ui: Pick<Ui, 'printBlock'>) {
    this.combo = new ComboWriter(ui);
  }

  forInstance(job: string, indexOrId: string): InstanceWriter {
    return {
      stdout: this.combo.writer(`${job}/${indexOrId}: stdout | `),
      stderr: this.combo.writer(`${job}/${indexOrId}: stderr | `),
      end: () => undefined,
    };
  }

  flush(): void {
    // Streamed as it came.
  }
}

interface Collected {
  readonly instance: string;
  stdout: string;
  stderr: string;
  exitStatus: number;
  error: Error | undefined;
}

/** `-r`: one transposed record per instance (Instance, Stdout, Stderr, Exit Code, Error), sorted by instance. */
export class ResultsWriter implements OutputWriter {
  private readonly instances: Collected[] = [];

  constructor(private readonly ui: Pick<Ui, 'printTable'>) {}

  forInstance(job: string, indexOrId: string): InstanceWriter {
    const c: Collected = {
      instance: `${job}/${indexOrId}`,
      stdout: '',
      stderr: '',
      exitStatus: 0,
      error: undefined,
    };
    this.instances.push(c);
    return {
      stdout: (t) => (c.stdout += t),
      stderr: (t) => (c.stderr += t),
      end: (exitStatus, error) => {
        c.exitStatus = exitStatus;
        c.error = error;
      },
    };
  }

  flush(): void {
    const table: Table = {
      content: 'results',
      header: headers('Instance', 'Stdout', 'Stderr', 'Exit Code', 'Error'),
      rows: this.instances.map((c) => [
        c.instance,
        c.stdout,
        c.stderr,
        String(c.exitStatus),
        c.error?.message ?? '',
      ]),
      sortBy: [{ column: 0, asc: true }],
      transpose: true,
    };
    this.ui.printTable(table);
  }
}
