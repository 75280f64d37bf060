import { describe, expect, it } from 'vitest';
import { canariesFor, maxInFlightFor, numericalValue, validateCountOption } from './numbers.js';
import { notRunningMessage, parseWatchTimes, watchSchedule } from './watch.js';

describe('numericalValue / canaries / max_in_flight', () => {
  it.each([
    // value, size, numerical, canaries, max_in_flight
    [1, 6, 1, 1, 1],
    ['3', 6, 3, 3, 3],
    ['10', 6, 10, 6, 10],
    ['50%', 6, 3, 3, 3],
    ['33%', 6, 1, 1, 1],
    ['10%', 6, 0, 0, 1],
    ['0', 6, 0, 0, 1],
    ['100%', 6, 6, 6, 6],
    ['150%', 6, 6, 6, 6],
    ['99%', 3, 2, 2, 2],
    ['-1', 4, -1, -1, 1],
    ['+2', 4, 2, 2, 2],
    [0, 0, 0, 0, 1],
  ] as const)('%s of %i', (value, size, n, canaries, mif) => {
    expect(numericalValue(value, size)).toBe(n);
    expect(canariesFor(value, size)).toBe(canaries);
    expect(maxInFlightFor(value, size)).toBe(mif);
  });

  it.each(['1.5', 'abc', '%', '5 %', ''])('refuses %j', (v) => {
    expect(() => numericalValue(v, 3)).toThrow('cannot be calculated');
  });

  it.each([
    ['2', 'canaries', undefined],
    ['25%', 'max_in_flight', undefined],
    [undefined, 'canaries', undefined],
    ['x', 'canaries', 'canaries value should be integer or percent'],
    ['1.5', 'max_in_flight', 'max_in_flight value should be integer or percent'],
  ] as const)('validates deploy option %j for %s like PlannerFactory', (value, type, message) => {
    const run = (): void => {
      validateCountOption(value, type);
    };
    if (message === undefined) expect(run).not.toThrow();
    else expect(run).toThrow(message);
  });
});

describe('watch times', () => {
  it.each([
    ['1000-30000', 1000, 30000],
    [' 1000 - 30000 ', 1000, 30000],
    ['5000', 5000, 5000],
    [60000, 60000, 60000],
    ['0-0', 0, 0],
  ] as const)('parses %j', (v, min, max) => {
    expect(parseWatchTimes(v)).toEqual({ min, max });
  });

  it.each([
    ['abc', 'Watch time should be an integer or a range of two integers'],
    ['1000-', 'Watch time should be an integer or a range of two integers'],
    ['1.5', 'Watch time should be an integer or a range of two integers'],
    ['1-2-3', 'Watch time should be an integer or a range of two integers'],
    ['30000-1000', 'Min watch time cannot be greater than max watch time'],
  ])('refuses %j', (v, message) => {
    expect(() => parseWatchTimes(v)).toThrow(message);
    try {
      parseWatchTimes(v);
    } catch (e) {
      expect(e).toMatchObject({ kind: 'UpdateConfigInvalidWatchTime', code: 180001 });
    }
  });

  // Expected values produced by the director's own formula under Ruby 3.1.
  const s3222 = 29000 / 9;
  const s3333 = 30000 / 9;
  it.each([
    [1000, 30000, [1000, ...Array<number>(9).fill(s3222)]],
    [0, 300000, [0, ...Array<number>(20).fill(15000)]],
    [5000, 5000, [5000]],
    [1000, 5000, [1000, 1000, 1000, 1000, 1000]],
    [30000, 60000, [30000, ...Array<number>(9).fill(s3333)]],
    [0, 0, [0]],
    [0, 999, [0]],
    [0, 1000, [0, 1000]],
  ])('watchSchedule(%i, %i)', (min, max, expected) => {
    expect(watchSchedule(min, max)).toEqual(expected);
  });

  it('the schedule sums to at most max', () => {
    for (const [min, max] of [
      [1000, 30000],
      [0, 300000],
      [5000, 120000],
    ] as const) {
      const total = watchSchedule(min, max).reduce((a, b) => a + b, 0);
      expect(total).toBeLessThanOrEqual(max + 1e-6);
      expect(total).toBeGreaterThan(max - 15000);
    }
  });

  it('formats the not-running error', () => {
    expect(notRunningMessage('nginx/abc (0)', [])).toBe("'nginx/abc (0)' is not running after update.");
    expect(notRunningMessage('nginx/abc (0)', ['nginx', 'x'])).toBe(
      "'nginx/abc (0)' is not running after update. Review logs for failed jobs: nginx, x",
    );
  });
});
