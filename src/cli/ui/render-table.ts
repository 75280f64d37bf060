import { type Cell, type Header, type Table, tableRows } from './table.js';

interface WriterCell {
  text: string;
  spacer: boolean;
}

/** Renders a table the way bosh-cli's table writer does. */
export function renderTable(table: Table): string {
  const border = table.borderStr ?? '  ';
  const dataOnly = table.dataOnly === true;
  let out = !dataOnly && table.title ? `${table.title}\n\n` : '';
  let rows = tableRows(table);
  let header: Header[] = table.header;
  const lines: WriterCell[][] = [];
  const widths: number[] = [];
  const write = (cells: Cell[]): void => {
    addRow(lines, widths, header, cells);
  };
  if (table.transpose === true) {
    const transposed: Cell[][] = [];
    rows.forEach((row, i) => {
      row.forEach((cell, j) => {
        const h = table.header[j];
        if (h?.hidden !== true) transposed.push([h?.title ?? '', cell]);
      });
      if (i < table.rows.length - 1) transposed.push([{ spacer: true }, { spacer: true }]);
    });
    rows = transposed;
    header = [
      { key: '', title: '', hidden: dataOnly },
      { key: '', title: '' },
    ];
  } else if (!dataOnly && header.length > 0) {
    write(header.map((h) => h.title));
  }
  for (const row of rows) write(row);
  for (const line of lines) {
    if (line.every((c) => c.spacer)) {
      out += '\n';
      continue;
    }
    out += line
      .map((c, i) => (i === line.length - 1 ? c.text : padBytes(c.text, widths[i] ?? 0)))
      .join(border);
    out += border + '\n';
  }
  if (!dataOnly) out += footer(table, countRows(table));
  return out;
}

function addRow(lines: WriterCell[][], widths: number[], header: Header[], cells: Cell[]): void {
  const columns: WriterCell[][] = [];
  cells.forEach((cell, i) => {
    if (header.length > 0 && header[i]?.hidden === true) return;
    const spacer = typeof cell !== 'string';
    const text = typeof cell === 'string' ? cell.replaceAll('\r', '') : '';
    const parts = text === '' ? ['-'] : text.split('\n');
    const col = columns.length;
    for (const part of parts) widths[col] = Math.max(widths[col] ?? 0, byteLength(part));
    columns.push(parts.map((p) => ({ text: p, spacer })));
  });
  const height = Math.max(1, ...columns.map((c) => c.length));
  for (let r = 0; r < height; r++) {
    lines.push(columns.map((c) => c[r] ?? { text: '', spacer: false }));
  }
}

function countRows(table: Table): number {
  let count = table.rows.length;
  for (const section of table.sections ?? []) {
    count += section.rows.filter((r) => r[0] !== '').length;
  }
  return count;
}

function footer(table: Table, count: number): string {
  let out = '';
  const notes = table.notes ?? [];
  if (notes.length > 0) out += '\n' + notes.map((n) => n + '\n').join('');
  if (table.header.length > 0 && (table.content ?? '').trim() !== '')
    out += `\n${count.toString()} ${table.content ?? ''}\n`;
  return out;
}

// Go measures cells in bytes (len(string)), so non-ASCII cells pad as bosh-cli pads them.
const encoder = new TextEncoder();
function byteLength(s: string): number {
  return encoder.encode(s).length;
}

function padBytes(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - byteLength(s)));
}
