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
  /** A line of text typed by the user (bosh-cli AskForText: `Label (): `); `''` when just Enter is pressed. */
  askForText(label: string): Promise<string>;
  /** As askForText, without echo on a terminal. */
  askForPassword(label: string): Promise<string>;
  /** `Continue? [yN]: `; rejects with `Stopped` unless the answer is yes. */
  askForConfirmation(): Promise<void>;
  isInteractive(): boolean;
  flush(): void;
}

/** Where a UI finally writes: the process's stdout and stderr. */
export interface UiOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * Where answers come from: stdin, one line at a time (without its line break; null at the end of input). On a
 * terminal the terminal echoes what is typed (and `secret` turns that off); otherwise the UI echoes the answer.
 */
export interface PromptInput {
  readonly terminal: boolean;
  readLine(secret: boolean): Promise<string | null>;
}

/**
 * A Go panic that bosh-cli's main recovers from (asking for input with `-n` or `--json`): it is logged as
 * `[CLI] <time> ERROR - Panic: <message>` and the command exits 1.
 */
export class CliPanic extends Error {
  override readonly name = 'CliPanic';
}
