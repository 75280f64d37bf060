import type { Table } from './table.js';

/**
 * bosh-cli's UI: commands talk to this, and a stack of decorators (padding, non-TTY, JSON) decides what reaches
 * the terminal. Lines are messages, blocks are raw output (YAML, JSON), tables are data.
 */
export interface Ui {
  errorLine(text: string): void;
  printLine(text: string): void;
  beginLine(text: string): void;
  endLine(text: string): void;
  printBlock(block: string): void;
  printErrorBlock(block: string): void;
  printTable(table: Table): void;
  isInteractive(): boolean;
  flush(): void;
}

/** Where a UI finally writes: the process's stdout and stderr. */
export interface UiOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}
