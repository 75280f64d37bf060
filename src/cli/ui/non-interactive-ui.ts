import type { Table } from './table.js';
import { CliPanic, type Ui } from './ui.js';

/** `-n`: confirmations are answered yes; asking for text or a password is a panic, as in bosh-cli. */
export class NonInteractiveUi implements Ui {
  constructor(private readonly parent: Ui) {}

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
  askForText(): Promise<string> {
    return Promise.reject(new CliPanic('Cannot ask for input in non-interactive UI'));
  }
  askForPassword(): Promise<string> {
    return Promise.reject(new CliPanic('Cannot ask for password in non-interactive UI'));
  }
  askForConfirmation(): Promise<void> {
    return Promise.resolve();
  }
  isInteractive(): boolean {
    return false;
  }
  flush(): void {
    this.parent.flush();
  }
}
