import { type GoJson, goJsonMarshalIndent, sortedRecord } from '../../base/go-json.js';
import { cellText, type Header, type Table, tableRows } from './table.js';
import { CliPanic, type Ui } from './ui.js';

interface TableResp {
  Content: string;
  Header: Record<string, string>;
  Rows: Record<string, string>[];
  Notes: string[] | null;
}

/**
 * `--json`: everything is collected and printed once at the end as `{"Tables":...,"Blocks":...,"Lines":...}`
 * (4-space indent, no trailing newline), the shape scripts such as cf-deployment's tests parse.
 */
export class JsonUi implements Ui {
  private tables: TableResp[] | null = null;
  private blocks: string[] | null = null;
  private lines: string[] | null = null;

  constructor(private readonly parent: Ui) {}

  errorLine(text: string): void {
    this.addLine(text);
  }
  printLine(text: string): void {
    this.addLine(text);
  }
  beginLine(text: string): void {
    this.addLine(text);
  }
  endLine(text: string): void {
    this.addLine(text);
  }
  printBlock(block: string): void {
    (this.blocks ??= []).push(block);
  }
  printErrorBlock(block: string): void {
    (this.blocks ??= []).push(block);
  }
  printTable(table: Table): void {
    (this.tables ??= []).push(tableResp(table));
  }
  askForText(): Promise<string> {
    return Promise.reject(new CliPanic('Cannot ask for input in JSON UI'));
  }
  askForPassword(): Promise<string> {
    return Promise.reject(new CliPanic('Cannot ask for password in JSON UI'));
  }
  askForConfirmation(): Promise<void> {
    return Promise.reject(new CliPanic('Cannot ask for confirmation in JSON UI'));
  }
  isInteractive(): boolean {
    return this.parent.isInteractive();
  }
  flush(): void {
    if (this.tables !== null || this.blocks !== null || this.lines !== null) {
      const resp: GoJson = { Tables: this.tables as GoJson, Blocks: this.blocks, Lines: this.lines };
      this.parent.printBlock(goJsonMarshalIndent(resp, '    '));
    }
    this.parent.flush();
  }

  private addLine(text: string): void {
    (this.lines ??= []).push(text);
  }
}

function tableResp(table: Table): TableResp {
  const rows = tableRows({ ...table, fillFirstColumn: true });
  const header: Header[] =
    table.header.length > 0
      ? table.header
      : (rows[0] ?? []).map((_, i) => ({ key: `col_${i.toString()}`, title: '' }));
  const keys = header.map((h, i) => (h.key === '_' ? i.toString() : h.key));
  const visible = (i: number): boolean => header[i]?.hidden !== true;
  return {
    Content: table.content ?? '',
    Header: sortedRecord(header.flatMap((h, i) => (visible(i) ? [[keys[i] ?? '', h.title] as const] : []))),
    Rows: rows.map((row) =>
      sortedRecord(row.flatMap((cell, i) => (visible(i) ? [[keys[i] ?? '', cellText(cell)] as const] : []))),
    ),
    Notes: table.notes && table.notes.length > 0 ? table.notes : null,
  };
}
