import { describe, expect, it } from 'vitest';
import { parseStat, processTree, startedAtMs, type ProcInfo, type ProcSnapshot } from './proc-table.js';
import { vcapPath } from './types.js';

describe('parseStat', () => {
  it('reads fields after the last parenthesis, whatever the command name holds', () => {
    const text =
      '4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 1 0 123456 10000000 2048 18446744073709551615';
    expect(parseStat(4242, text)).toEqual({
      pid: 4242,
      state: 'S',
      ppid: 1,
      pgid: 4242,
      cpuTicks: 300,
      startTicks: 123456,
      rssKb: 8192,
    });
    expect(parseStat(1, 'garbage')).toBeUndefined();
  });
});

describe('process trees and start times', () => {
  const proc = (pid: number, ppid: number, rssKb = 10): ProcInfo => ({
    pid,
    ppid,
    pgid: pid,
    state: 'S',
    cpuTicks: 0,
    startTicks: 100 * pid,
    rssKb,
  });
  const snapshot: ProcSnapshot = {
    takenAtMs: 1_000_000,
    uptimeSecs: 500,
    memTotalKb: 1000,
    cpuCount: 2,
    procs: new Map([1, 2, 3, 4, 5].map((pid) => [pid, proc(pid, pid === 1 ? 0 : pid === 5 ? 1 : pid - 1)])),
  };

  it('collects a process and all its descendants', () => {
    expect(processTree(snapshot, 2).map((p) => p.pid)).toEqual([2, 3, 4]);
    expect(processTree(snapshot, 1).map((p) => p.pid)).toEqual([1, 2, 5, 3, 4]);
    expect(processTree(snapshot, 9)).toEqual([]);
  });

  it('derives the start time from /proc/uptime and the start ticks', () => {
    const p = snapshot.procs.get(3);
    expect(p === undefined ? 0 : startedAtMs(snapshot, p)).toBe(1_000_000 - (500 - 3) * 1000);
  });
});

describe('vcapPath', () => {
  it.each([
    ['/var/vcap', '/var/vcap/sys/run/x.pid', '/var/vcap/sys/run/x.pid'],
    ['/tmp/vm/', '/var/vcap/sys/run/x.pid', '/tmp/vm/sys/run/x.pid'],
    ['/tmp/vm', '/var/vcap', '/tmp/vm'],
    ['/tmp/vm', '/var/vcapx/y', '/var/vcapx/y'],
    ['/tmp/vm', '/run/other.pid', '/run/other.pid'],
  ])('base %s maps %s', (base, path, expected) => {
    expect(vcapPath(base, path)).toBe(expected);
  });
});
