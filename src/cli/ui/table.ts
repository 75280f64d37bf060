import { compareGoStrings } from '../../base/go-string.js';

/**
 * bosh-cli tables (ui/table): columns padded to their widest cell and separated by two spaces (the last column
 * too), `-` for empty cells, multi-line cells expanding into extra rows, repeated first-column values shown as
 * `~`, and a footer `<N> <content>`. Piped output drops the decorations and separates cells with a tab.
 */
export interface Header {
  key: string;
  title: string;
  hidden?: boolean;
}

/** A cell: text, or a spacer (an empty cell that does not count as data, used between transposed records). */
export type Cell = string | { spacer: true };

export interface Section {
  firstColumn?: string;
  rows: Cell[][];
}

export interface SortBy {
  column: number;
  asc: boolean;
}

export interface Table {
  title?: string;
  content?: string;
  header: Header[];
  rows: Cell[][];
  sections?: Section[];
  notes?: string[];
  sortBy?: SortBy[];
  fillFirstColumn?: boolean;
  dataOnly?: boolean;
  borderStr?: string;
  transpose?: boolean;
  /** PrintTableFiltered: `--column` names found in these headers (another table's) are not an error here. */
  filterHeader?: Header[];
}

/** `Process State` → `process_state`; `Load\n(1m, 5m, 15m)` → `load_1m_5m_15m`; nothing left → `_`. */
export function keyifyHeader(title: string): string {
  const words = title
    .replace(/[^\p{L}\p{N}]/gu, ' ')
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  return words.length === 0 ? '_' : words.join('_');
}

export function headers(...titles: string[]): Header[] {
  return titles.map((title) => ({ key: keyifyHeader(title), title }));
}

export function cellText(cell: Cell): string {
  return typeof cell === 'string' ? cell : '';
}

/** All rows of the table: sections then plain rows, sorted, with the first column de-duplicated. */
export function tableRows(table: Table): Cell[][] {
  const rows: Cell[][] = [];
  for (const section of table.sections ?? []) {
    for (const row of section.rows) {
      const copy = [...row];
      if (section.firstColumn !== undefined && section.firstColumn !== '' && copy.length > 0) {
        copy[0] = section.firstColumn;
      }
      rows.push(copy);
    }
  }
  rows.push(...table.rows.map((r) => [...r]));
  const sortBy = table.sortBy ?? [];
  if (sortBy.length > 0) rows.sort((a, b) => compareRows(a, b, sortBy));
  if (table.fillFirstColumn !== true) {
    let last: string | undefined;
    for (const row of rows) {
      const first = cellText(row[0] ?? '');
      if (last === undefined) last = first;
      else if (last === first) row[0] = '~';
      else last = first;
    }
  }
  return rows;
}

function compareRows(a: Cell[], b: Cell[], sortBy: SortBy[]): number {
  for (const { column, asc } of sortBy) {
    const order = compareGoStrings(cellText(a[column] ?? ''), cellText(b[column] ?? ''));
    if (order !== 0) return asc ? order : -order;
  }
  return 0;
}
