import { describe, expect, it } from 'vitest';
import { electBootstrap, lowestFreeIndex, placeInstances } from './placement.js';
import { sortInstancePlans } from './order.js';

const mk = (index: number, az: string | null, opts: { ignore?: boolean; disk?: boolean } = {}) => ({
  group: 'g',
  index,
  az,
  ignore: opts.ignore ?? false,
  hasDisk: opts.disk ?? false,
});
type Mk = ReturnType<typeof mk>;
const idx = (xs: readonly Mk[]) => xs.map((x) => `${x.index}:${x.az ?? '-'}`).sort();

describe('placeInstances', () => {
  it.each([
    {
      name: 'fresh 3 over 2 AZs',
      count: 3,
      azs: ['z1', 'z2'],
      have: [],
      keep: [],
      fresh: ['z1', 'z2', 'z1'],
      gone: [],
    },
    {
      name: 'fresh 4 over 3 AZs',
      count: 4,
      azs: ['z2', 'z1', 'z3'],
      have: [],
      keep: [],
      fresh: ['z1', 'z2', 'z3', 'z1'],
      gone: [],
    },
    {
      name: 'scale down drops the highest index of the fuller AZ',
      count: 2,
      azs: ['z1', 'z2'],
      have: [mk(0, 'z1'), mk(1, 'z2'), mk(2, 'z1')],
      keep: ['0:z1', '1:z2'],
      fresh: [],
      gone: ['2:z1'],
    },
    {
      name: 'unbalanced instances with disks stay where they are',
      count: 3,
      azs: ['z1', 'z2'],
      have: [mk(0, 'z1', { disk: true }), mk(1, 'z1', { disk: true }), mk(2, 'z1', { disk: true })],
      keep: ['0:z1', '1:z1', '2:z1'],
      fresh: [],
      gone: [],
    },
    {
      name: 'without disks the same instances rebalance',
      count: 3,
      azs: ['z1', 'z2'],
      have: [mk(0, 'z1'), mk(1, 'z1'), mk(2, 'z1')],
      keep: ['0:z1', '1:z1'],
      fresh: ['z2'],
      gone: ['2:z1'],
    },
    {
      name: 'no AZs',
      count: 2,
      azs: null,
      have: [mk(0, null), mk(1, 'z1')],
      keep: ['0:-'],
      fresh: [null],
      gone: ['1:z1'],
    },
  ])('$name', ({ count, azs, have, keep, fresh, gone }) => {
    const p = placeInstances('g', count, azs, have);
    expect(idx(p.existing)).toEqual(keep);
    expect(p.fresh).toEqual(fresh);
    expect(idx(p.obsolete)).toEqual(gone);
  });

  it('refuses to drop the AZ of an ignored instance', () => {
    expect(() => placeInstances('g', 2, ['z1'], [mk(0, 'z1'), mk(1, 'z2', { ignore: true })])).toThrow(
      `Instance Group 'g' no longer contains AZs ["z2"] where ignored instance(s) exist.`,
    );
  });
});

describe('indexes, bootstrap and order', () => {
  it.each([
    [[], 0],
    [[0, 1, 2], 3],
    [[1, 2], 0],
    [[0, 2, 3], 1],
  ])('lowest free index of %j is %i', (used, want) => {
    expect(lowestFreeIndex(new Set(used))).toBe(want);
  });

  it.each([
    {
      name: 'keeps the only bootstrap',
      xs: [
        [0, false],
        [3, true],
      ],
      want: 3,
    },
    {
      name: 'none: lowest index',
      xs: [
        [2, false],
        [1, false],
      ],
      want: 1,
    },
    {
      name: 'two: lowest index',
      xs: [
        [2, true],
        [4, true],
      ],
      want: 2,
    },
  ] as const)('$name', ({ xs, want }) => {
    expect(electBootstrap(xs.map(([index, bootstrap]) => ({ index, bootstrap })))).toBe(want);
  });

  it('sorts bootstrap first, then its AZ, then no AZ, then other AZs by name', () => {
    const p = (uuid: string, az: string | null, bootstrap = false) => ({ group: 'g', uuid, az, bootstrap });
    const sorted = sortInstancePlans([
      p('e', 'z1'),
      p('d', 'z3'),
      p('c', 'z2', true),
      p('b', null),
      p('a', 'z2'),
    ]);
    expect(sorted.map((x) => x.uuid)).toEqual(['c', 'a', 'b', 'e', 'd']);
  });
});
