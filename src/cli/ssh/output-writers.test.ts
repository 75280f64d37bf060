import { describe, expect, it } from 'vitest';
import type { Table } from '../ui/table.js';
import { ResultsWriter, StreamingWriter } from './output-writers.js';

describe('StreamingWriter (ui.ComboWriter)', () => {
  it('prefixes each line with the instance and stream, wherever the previous bytes came from', () => {
    let out = '';
    const w = new StreamingWriter({ printBlock: (b) => (out += b) });
    const a = w.forInstance('web', '0');
    const b = w.forInstance('db', 'abc');
    a.stdout('one\ntw');
    a.stdout('o\n');
    b.stderr('oops\r\n\n');
    b.stdout('');
    a.stdout('no newline');
    b.stdout('x\n');
    expect(out).toBe(
      'web/0: stdout | one\nweb/0: stdout | two\ndb/abc: stderr | oops\r\ndb/abc: stderr | \nweb/0: stdout | no newlinex\n',
    );
  });
});

describe('ResultsWriter (-r)', () => {
  it('prints one transposed record per instance, sorted by instance', () => {
    const tables: Table[] = [];
    const w = new ResultsWriter({ printTable: (t) => tables.push(t) });
    const b = w.forInstance('web', '1');
    const a = w.forInstance('web', '0');
    a.stdout('hi\n');
    b.stderr('err\n');
    b.end(3, new Error('exit status 3'));
    a.end(0, undefined);
    w.flush();
    expect(tables).toEqual([
      {
        content: 'results',
        header: [
          { key: 'instance', title: 'Instance' },
          { key: 'stdout', title: 'Stdout' },
          { key: 'stderr', title: 'Stderr' },
          { key: 'exit_code', title: 'Exit Code' },
          { key: 'error', title: 'Error' },
        ],
        rows: [
          ['web/1', '', 'err\n', '3', 'exit status 3'],
          ['web/0', 'hi\n', '', '0', ''],
        ],
        sortBy: [{ column: 0, asc: true }],
        transpose: true,
      },
    ]);
  });
});
