import { renderTable } from './render-table.js';
import type { Table } from './table.js';
import type { PromptInput, Ui, UiOutput } from './ui.js';
import { Asker } from './writer-ui-ask.js';

/** The innermost UI: lines get a newline, blocks are written as they are, errors go to stderr. */
export class WriterUi implements Ui {
  private readonly asker: Asker;

  constructor(
    private readonly out: UiOutput,
    private readonly interactive: boolean,
    input?: PromptInput,
  ) {
    this.asker = new Asker(out, input);
  }

  errorLine(text: string): void {
    this.out.stderr(text + '\n');
  }
  printLine(text: string): void {
    this.out.stdout(text + '\n');
  }
  beginLine(text: string): void {
    this.out.stdout(text);
  }
  endLine(text: string): void {
    this.out.stdout(text + '\n');
  }
  printBlock(block: string): void {
    this.out.stdout(block);
  }
  printErrorBlock(block: string): void {
    this.out.stdout(block);
  }
  printTable(table: Table): void {
    this.out.stdout(renderTable(table));
  }
  askForText(label: string): Promise<string> {
    return this.asker.text(label);
  }
  askForPassword(label: string): Promise<string> {
    return this.asker.password(label);
  }
  askForConfirmation(): Promise<void> {
    return this.asker.confirmation();
  }
  isInteractive(): boolean {
    return this.interactive;
  }
  flush(): void {
    // Writes are not buffered here.
  }
}
