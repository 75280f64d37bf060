import { describe, expect, it } from 'vitest';
import {
  aggregateJobState,
  compareLimit,
  cyclesMatched,
  formatMonitBytes,
  processStateOf,
  pushHistory,
  restartBackoffMs,
  type JobStateInput,
  type ProcessStateName,
} from './status.js';

describe('processStateOf (agent monit/status.go)', () => {
  it.each([
    ['no', false, 'unknown'],
    ['no', true, 'unknown'],
    ['init', true, 'starting'],
    ['yes', false, 'running'],
    ['yes', true, 'failing'],
  ] as const)('monitor %s, failed %s → %s', (monitor, failed, state) => {
    expect(processStateOf(monitor, failed)).toBe(state);
  });
});

const p = (state: ProcessStateName, monitored = state !== 'unknown') => ({ state, monitored });

describe('aggregateJobState (agent MonitJobSupervisor.Status)', () => {
  it.each<[string, JobStateInput, string]>([
    ['unreachable', { reachable: false, stopped: true, processes: [] }, 'unknown'],
    ['stopped marker wins', { reachable: true, stopped: true, processes: [p('failing')] }, 'stopped'],
    ['no processes', { reachable: true, stopped: false, processes: [] }, 'running'],
    ['all running', { reachable: true, stopped: false, processes: [p('running'), p('running')] }, 'running'],
    [
      'starting beats failing',
      { reachable: true, stopped: false, processes: [p('failing'), p('starting')] },
      'starting',
    ],
    ['one failing', { reachable: true, stopped: false, processes: [p('running'), p('failing')] }, 'failing'],
    [
      'unmonitored counts as failing',
      { reachable: true, stopped: false, processes: [p('unknown')] },
      'failing',
    ],
  ])('%s', (_n, input, expected) => {
    expect(aggregateJobState(input)).toBe(expected);
  });
});

describe('rule helpers', () => {
  it('compares with every operator', () => {
    expect([
      compareLimit('>', 2, 1),
      compareLimit('<', 2, 1),
      compareLimit('>=', 1, 1),
      compareLimit('<=', 2, 1),
    ]).toEqual([true, false, true, false]);
    expect([compareLimit('=', 1, 1), compareLimit('!=', 1, 1)]).toEqual([true, false]);
  });

  it('matches "for N cycles" and "N times within M cycles" windows', () => {
    const two = { times: 2, within: 2 };
    expect(cyclesMatched([true], two)).toBe(false);
    expect(cyclesMatched([false, true, true], two)).toBe(true);
    expect(cyclesMatched([true, false], two)).toBe(false);
    const twoOfThree = { times: 2, within: 3 };
    expect(cyclesMatched([true, false, true], twoOfThree)).toBe(true);
    expect(cyclesMatched([true, false, false, true], twoOfThree)).toBe(false);
    expect(pushHistory([true, false, true], false, twoOfThree)).toEqual([false, true, false]);
  });

  it('backs off restarts: immediate, then doubling up to the cap', () => {
    expect([0, 1, 2, 3, 4, 10, 100].map((a) => restartBackoffMs(a, 1000, 10_000))).toEqual([
      0, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('formats sizes as monit does', () => {
    expect([512, 2048, 3.1 * 1024 ** 2, 1024 ** 3].map(formatMonitBytes)).toEqual([
      '512 B',
      '2.0 kB',
      '3.1 MB',
      '1.0 GB',
    ]);
  });
});
