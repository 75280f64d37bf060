import { showOnlyColumns } from './column-filter.js';
import type { Table } from './table.js';
import type { Ui } from './ui.js';

/** Applies `--column` to every table, as bosh-cli's ConfUI does. */
export class ColumnUi implements Ui {
  constructor(
    private readonly parent: Ui,
    private readonly columns: readonly string[],
  ) {}

  errorLine(text: string): void {
    this.parent.errorLine(text);
  }
  printLine(text: string): void {
    this.parent.printLine(text);
  }
  beginLine(text: string): void {
    this.parent.beginLine(text);
  }
  endLine(text: string): void {
    this.parent.endLine(text);
  }
  printBlock(block: string): void {
    this.parent.printBlock(block);
  }
  printErrorBlock(block: string): void {
    this.parent.printErrorBlock(block);
  }
  printTable(table: Table): void {
    const filtered = showOnlyColumns(table, this.columns);
    if (filtered.error !== undefined) this.parent.printErrorBlock(filtered.error);
    this.parent.printTable(filtered.table);
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
