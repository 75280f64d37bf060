import type { Table } from './table.js';
import type { Ui } from './ui.js';

/** A Ui that hands every call to `parent`; wrappers override only what they change. */
export class DelegatingUi implements Ui {
  constructor(protected readonly parent: Ui) {}

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
    this.parent.printTable(table);
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
