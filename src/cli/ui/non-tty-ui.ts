import type { Table } from './table.js';
import type { Ui } from './ui.js';

/**
 * Output piped to another program: progress and status lines vanish, tables lose their decorations and become
 * tab-separated data with every first-column cell filled (so `grep` and `cut` work).
 */
export class NonTtyUi implements Ui {
  constructor(private readonly parent: Ui) {}

  errorLine(text: string): void {
    this.parent.errorLine(text);
  }
  printLine(): void {
    // Status lines are for people at a terminal.
  }
  beginLine(): void {
    // As above.
  }
  endLine(): void {
    // As above.
  }
  printBlock(block: string): void {
    this.parent.printBlock(block);
  }
  printErrorBlock(block: string): void {
    this.parent.printErrorBlock(block);
  }
  printTable(table: Table): void {
    this.parent.printTable({
      ...table,
      title: '',
      notes: [],
      content: '',
      dataOnly: true,
      fillFirstColumn: true,
      borderStr: '\t',
    });
  }
  askForText(label: string): Promise<string> {
    return this.parent.askForText(label);
  }
  askForPassword(label: string): Promise<string> {
    return this.parent.askForPassword(label);
  }
  askForConfirmation(): Promise<void> {
    return this.parent.askForConfirmation();
  }
  isInteractive(): boolean {
    return this.parent.isInteractive();
  }
  flush(): void {
    this.parent.flush();
  }
}
