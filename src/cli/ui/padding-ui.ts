import type { Table } from './table.js';
import type { Ui } from './ui.js';

type Mode = 'none' | 'raw' | 'auto' | 'askText';

/**
 * Puts an empty line between runs of different kinds of output (messages vs raw blocks), as bosh-cli's paddingUI
 * does. A side effect users see: after an error line, `Exit code 1` is preceded by an empty line on stdout.
 */
export class PaddingUi implements Ui {
  private prev: Mode = 'none';

  constructor(private readonly parent: Ui) {}

  private padBefore(mode: Mode): void {
    const same = (this.prev === 'raw' || this.prev === 'askText') && this.prev === mode;
    if (this.prev !== 'none' && !same) this.parent.printLine('');
    this.prev = mode;
  }

  errorLine(text: string): void {
    this.padBefore('auto');
    this.parent.errorLine(text);
  }
  printLine(text: string): void {
    this.padBefore('auto');
    this.parent.printLine(text);
  }
  beginLine(text: string): void {
    this.padBefore('raw');
    this.parent.beginLine(text);
  }
  endLine(text: string): void {
    this.padBefore('raw');
    this.parent.endLine(text);
  }
  printBlock(block: string): void {
    this.padBefore('raw');
    this.parent.printBlock(block);
  }
  printErrorBlock(block: string): void {
    this.padBefore('raw');
    this.parent.printErrorBlock(block);
  }
  printTable(table: Table): void {
    this.padBefore('auto');
    this.parent.printTable(table);
  }
  askForText(label: string): Promise<string> {
    this.padBefore('askText');
    return this.parent.askForText(label);
  }
  askForPassword(label: string): Promise<string> {
    this.padBefore('askText');
    return this.parent.askForPassword(label);
  }
  askForConfirmation(): Promise<void> {
    this.padBefore('auto');
    return this.parent.askForConfirmation();
  }
  isInteractive(): boolean {
    return this.parent.isInteractive();
  }
  flush(): void {
    this.parent.flush();
  }
}
