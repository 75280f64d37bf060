import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { byteRange, TaskFiles } from './task-files.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'task-files-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('task output files', () => {
  it('answers whole reads, ranges as 206, past-the-end ranges as 416 and missing output as 204', async () => {
    const files = new TaskFiles(root);
    files.create(7);
    expect(await files.read(7, 'event', undefined)).toEqual({ status: 204, body: Buffer.alloc(0) });
    files.append(7, 'event', 'line one\n');
    files.append(7, 'event', 'line two\n');
    expect((await files.read(7, 'event', undefined)).body.toString()).toBe('line one\nline two\n');
    expect(await files.read(7, 'event', 'bytes=9-')).toEqual({
      status: 206,
      body: Buffer.from('line two\n'),
      contentRange: 'bytes 9-17/18',
    });
    expect(await files.read(7, 'event', 'bytes=18-')).toEqual({
      status: 416,
      body: Buffer.from('Byte range unsatisfiable'),
      contentRange: 'bytes */18',
    });
  });

  it('parses ranges as Rack does', () => {
    expect(byteRange('bytes=0-', 10)).toEqual([0, 9]);
    expect(byteRange('bytes=2-4', 10)).toEqual([2, 4]);
    expect(byteRange('bytes=2-40', 10)).toEqual([2, 9]);
    expect(byteRange('bytes=-3', 10)).toEqual([7, 9]);
    expect(byteRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(byteRange('bytes=0-', 0)).toBe('unsatisfiable');
    expect(byteRange('bytes=0-1,3-4', 10)).toBeUndefined();
    expect(byteRange('items=0-1', 10)).toBeUndefined();
  });
});
