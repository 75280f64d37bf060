import { keyifyHeader, type Table } from './table.js';

/**
 * `--column NAME` (repeatable): only the named columns are shown, matched by header key or title
 * (bosh-cli SetColumnVisibility, or SetColumnVisibilityFiltered with the table's `filterHeader`). Returns the error bosh-cli prints for a name no header has.
 */
export function showOnlyColumns(table: Table, columns: readonly string[]): { table: Table; error?: string } {
  if (columns.length === 0) return { table };
  const header = table.header.map((h) => ({ ...h, hidden: true }));
  for (const column of columns) {
    const key = keyifyHeader(column);
    const found = header.find((h) => h.key === key || h.title === column);
    const elsewhere = (table.filterHeader ?? []).some((h) => h.key === key || h.title === column);
    if (!found && elsewhere) continue;
    if (!found) return { table: { ...table, header }, error: `Failed to find header: ${key}` };
    found.hidden = false;
  }
  return { table: { ...table, header } };
}
