import { describe, expect, it } from 'vitest';
import { ColumnUi } from './column-ui.js';
import { JsonUi } from './json-ui.js';
import { NonTtyUi } from './non-tty-ui.js';
import { PaddingUi } from './padding-ui.js';
import { renderTable } from './render-table.js';
import { headers, keyifyHeader, type Table } from './table.js';
import type { Ui } from './ui.js';
import { WriterUi } from './writer-ui.js';

function capture(): { out: string[]; err: string[]; writer: WriterUi } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    writer: new WriterUi({ stdout: (s) => out.push(s), stderr: (s) => err.push(s) }, false),
  };
}

const blobs: Table = {
  content: 'blobs',
  header: headers('Path', 'Size', 'Blobstore ID', 'Digest'),
  rows: [
    ['golang/go.tar.gz', '1000 B', '(local)', 'sha256:eec14195'],
    ['a/b.tgz', '', 'id-1', 'sha256:00'],
  ],
  sortBy: [{ column: 0, asc: true }],
};

describe('tables', () => {
  it('pads columns with two spaces (also after the last), shows - for empty cells, and a count footer', () => {
    expect(renderTable(blobs)).toBe(
      'Path              Size    Blobstore ID  Digest  \n' +
        'a/b.tgz           -       id-1          sha256:00  \n' +
        'golang/go.tar.gz  1000 B  (local)       sha256:eec14195  \n' +
        '\n2 blobs\n',
    );
  });

  it('prints data only when piped: cells padded to the column width, then a tab (bosh-cli, verified)', () => {
    const { out, writer } = capture();
    new NonTtyUi(writer).printTable(blobs);
    expect(out.join('')).toBe(
      'a/b.tgz         \t-     \tid-1   \tsha256:00\t\n' +
        'golang/go.tar.gz\t1000 B\t(local)\tsha256:eec14195\t\n',
    );
  });

  it('dedups the first column with ~ and expands multi-line cells', () => {
    const t: Table = {
      header: headers('Name', 'Version'),
      rows: [
        ['a', '1\n2'],
        ['a', '3'],
      ],
      title: 'Releases',
    };
    expect(renderTable(t)).toBe('Releases\n\nName  Version  \na     1  \n      2  \n~     3  \n');
  });

  it('keyifies headers as bosh-cli does', () => {
    expect(keyifyHeader('Process State')).toBe('process_state');
    expect(keyifyHeader('Load\n(1m, 5m, 15m)')).toBe('load_1m_5m_15m');
    expect(keyifyHeader('Release(s)')).toBe('release_s');
    expect(keyifyHeader('')).toBe('_');
  });
});

describe('UI stack', () => {
  it('puts an empty stdout line between a message and the next message (the "Exit code 1" padding)', () => {
    const { out, err, writer } = capture();
    const ui: Ui = new NonTtyUi(new PaddingUi(writer));
    ui.errorLine('boom');
    ui.errorLine('Exit code 1');
    expect(err.join('')).toBe('boom\nExit code 1\n');
    expect(out.join('')).toBe('\n');
  });

  it('on a terminal prints a block, an empty line, then Succeeded', () => {
    const { out, writer } = capture();
    const ui = new PaddingUi(writer);
    ui.printBlock('a: 1\n');
    ui.printLine('Succeeded');
    expect(out.join('')).toBe('a: 1\n\nSucceeded\n');
  });

  it('--json collects tables, blocks and lines into one Go-style JSON document without a trailing newline', () => {
    const { out, writer } = capture();
    const ui = new JsonUi(new PaddingUi(writer));
    ui.printTable(blobs);
    ui.printBlock('x: <&>\n');
    ui.printLine('Succeeded');
    ui.flush();
    const text = out.join('');
    expect(text.endsWith('}')).toBe(true);
    expect(text).toContain('"Blocks": [\n        "x: \\u003c\\u0026\\u003e\\n"\n    ]');
    expect(JSON.parse(text)).toEqual({
      Tables: [
        {
          Content: 'blobs',
          Header: { blobstore_id: 'Blobstore ID', digest: 'Digest', path: 'Path', size: 'Size' },
          Rows: [
            { blobstore_id: 'id-1', digest: 'sha256:00', path: 'a/b.tgz', size: '' },
            { blobstore_id: '(local)', digest: 'sha256:eec14195', path: 'golang/go.tar.gz', size: '1000 B' },
          ],
          Notes: null,
        },
      ],
      Blocks: ['x: <&>\n'],
      Lines: ['Succeeded'],
    });
  });
});

describe('--column', () => {
  it('shows only the named columns, by title or key', () => {
    const { out, writer } = capture();
    new ColumnUi(writer, ['Path', 'blobstore_id']).printTable(blobs);
    expect(out.join('')).toBe(
      'Path              Blobstore ID  \na/b.tgz           id-1  \ngolang/go.tar.gz  (local)  \n\n2 blobs\n',
    );
  });

  it('names a column no header has', () => {
    const { out, writer } = capture();
    new ColumnUi(writer, ['Nope Col']).printTable(blobs);
    expect(out.join('')).toContain('Failed to find header: nope_col');
  });
});
