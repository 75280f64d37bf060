import { describe, expect, it } from 'vitest';
import { iecBytes, siBytes } from './byte-size.js';

describe('sizes (go-humanize)', () => {
  it.each([
    [0, '0 B', '0 B'],
    [9, '9 B', '9 B'],
    [53, '53 B', '53 B'],
    [179, '179 B', '179 B'],
    [999, '999 B', '999 B'],
    [1000, '1.0 kB', '1000 B'],
    [1023, '1.0 kB', '1023 B'],
    [1024, '1.0 kB', '1.0 KiB'],
    [1536, '1.5 kB', '1.5 KiB'],
    [9999, '10 kB', '9.8 KiB'],
    [10240, '10 kB', '10 KiB'],
    [12500, '12 kB', '12 KiB'],
    [13500, '14 kB', '13 KiB'],
    [82854982, '83 MB', '79 MiB'],
    [-1, '18 EB', '16 EiB'],
  ])('%d: %s / %s', (size, si, iec) => {
    expect(siBytes(size)).toBe(si);
    expect(iecBytes(size)).toBe(iec);
  });
});
