import { showOnlyColumns } from './column-filter.js';
import { DelegatingUi } from './delegating-ui.js';
import type { Table } from './table.js';
import type { Ui } from './ui.js';

/** Applies `--column` to every table, as bosh-cli's ConfUI does. */
export class ColumnUi extends DelegatingUi {
  constructor(
    parent: Ui,
    private readonly columns: readonly string[],
  ) {
    super(parent);
  }

  override printTable(table: Table): void {
    const filtered = showOnlyColumns(table, this.columns);
    if (filtered.error !== undefined) this.parent.printErrorBlock(filtered.error);
    this.parent.printTable(filtered.table);
  }
}
