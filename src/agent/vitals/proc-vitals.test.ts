import { describe, expect, it } from 'vitest';
import { parseCpuLine, parseMeminfo, percent } from './proc-vitals.js';

describe('vitals parsing', () => {
  it('formats percentages as the agent does, 0 for an empty total', () => {
    expect(percent(1, 3, 1)).toBe('33.3');
    expect(percent(2, 3, 0)).toBe('67');
    expect(percent(5, 0, 1)).toBe('0.0');
  });

  it('reads the cpu line of /proc/stat', () => {
    expect(parseCpuLine('cpu  10 2 3 80 4 1 0 0 0 0\ncpu0 1 1 1 1 1 1 1 1\n')).toEqual({
      user: 10,
      nice: 2,
      sys: 3,
      wait: 4,
      total: 100,
    });
  });

  it('computes used memory from MemAvailable and swap from SwapFree', () => {
    const text =
      'MemTotal: 1000 kB\nMemFree: 100 kB\nMemAvailable: 400 kB\nSwapTotal: 50 kB\nSwapFree: 20 kB\n';
    expect(parseMeminfo(text)).toEqual({
      mem: { used: 600 * 1024, total: 1000 * 1024 },
      swap: { used: 30 * 1024, total: 50 * 1024 },
    });
  });
});
