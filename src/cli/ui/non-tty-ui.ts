import { DelegatingUi } from './delegating-ui.js';
import type { Table } from './table.js';

/**
 * Output piped to another program: progress and status lines vanish, tables lose their decorations and become
 * tab-separated data with every first-column cell filled (so `grep` and `cut` work).
 */
export class NonTtyUi extends DelegatingUi {
  override printLine(): void {
    // Status lines are for people at a terminal.
  }
  override beginLine(): void {
    // As above.
  }
  override endLine(): void {
    // As above.
  }
  override printTable(table: Table): void {
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
}
