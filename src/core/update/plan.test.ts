import { describe, expect, it } from 'vitest';
import {
  deploymentBatches,
  groupBatches,
  instanceTaskName,
  partitionBySerial,
  planDeploymentUpdate,
  planGroupUpdate,
  type GroupToUpdate,
  type UpdateSettings,
} from './plan.js';

interface Inst {
  readonly id: string;
  readonly az?: string | null;
}

const insts = (group: string, n: number, az?: (i: number) => string): Inst[] =>
  Array.from({ length: n }, (_, i) => (az ? { id: `${group}/${i}`, az: az(i) } : { id: `${group}/${i}` }));

const group = (name: string, update: UpdateSettings, instances: Inst[]): GroupToUpdate<Inst> => ({
  name,
  update,
  instances,
});

const ids = (g: GroupToUpdate<Inst>, initialDeploy = false) =>
  groupBatches(planGroupUpdate(g, { initialDeploy })).map((b) => [
    b.canary ? 'canary' : 'batch',
    b.instances.map((i) => i.id),
  ]);

describe('planGroupUpdate', () => {
  // The seed's ntp deploys: 6 instances, no AZs.
  it.each([
    [
      1,
      3,
      [
        ['canary', ['n/0']],
        ['batch', ['n/1', 'n/2', 'n/3']],
        ['batch', ['n/4', 'n/5']],
      ],
    ],
    [
      2,
      4,
      [
        ['canary', ['n/0', 'n/1']],
        ['batch', ['n/2', 'n/3', 'n/4', 'n/5']],
      ],
    ],
    [
      1,
      6,
      [
        ['canary', ['n/0']],
        ['batch', ['n/1', 'n/2', 'n/3', 'n/4', 'n/5']],
      ],
    ],
  ] as const)('seed ntp: canaries %i max_in_flight %i', (canaries, maxInFlight, expected) => {
    expect(ids(group('n', { canaries, maxInFlight }, insts('n', 6)))).toEqual(expected);
  });

  it.each([
    [
      'canaries above max_in_flight run max_in_flight at a time',
      { canaries: 3, maxInFlight: 2 },
      5,
      [
        ['canary', ['g/0', 'g/1']],
        ['canary', ['g/2']],
        ['batch', ['g/3', 'g/4']],
      ],
    ],
    [
      'zero canaries',
      { canaries: 0, maxInFlight: 2 },
      3,
      [
        ['batch', ['g/0', 'g/1']],
        ['batch', ['g/2']],
      ],
    ],
    ['negative canaries behave as zero', { canaries: '-1', maxInFlight: 5 }, 2, [['batch', ['g/0', 'g/1']]]],
    [
      'canaries capped at the instance count',
      { canaries: 9, maxInFlight: 9 },
      2,
      [['canary', ['g/0', 'g/1']]],
    ],
    [
      'percentages round down; max_in_flight at least 1',
      { canaries: '10%', maxInFlight: '10%' },
      3,
      [
        ['batch', ['g/0']],
        ['batch', ['g/1']],
        ['batch', ['g/2']],
      ],
    ],
    [
      'percent of the changed instances',
      { canaries: '50%', maxInFlight: '50%' },
      4,
      [
        ['canary', ['g/0', 'g/1']],
        ['batch', ['g/2', 'g/3']],
      ],
    ],
  ] as const)('%s', (_name, update, n, expected) => {
    expect(ids(group('g', update, insts('g', n)))).toEqual(expected);
  });

  it('nothing changed: no batches', () => {
    expect(planGroupUpdate(group('g', { canaries: 1, maxInFlight: 1 }, []))).toEqual({
      group: 'g',
      segments: [],
    });
  });

  const byAz = insts('w', 7, (i) => ['z1', 'z2', 'z3'][i % 3] ?? 'z1'); // z1: 0,3,6  z2: 1,4  z3: 2,5

  it('canaries come from the first AZ only, then AZs one after another in order of appearance', () => {
    const g = group('w', { canaries: 2, maxInFlight: 2 }, byAz);
    const plan = planGroupUpdate(g);
    expect(plan.segments.map((s) => [s.az, s.maxInFlight])).toEqual([
      ['z1', 2],
      ['z2', 2],
      ['z3', 2],
    ]);
    expect(ids(g)).toEqual([
      ['canary', ['w/0', 'w/3']],
      ['batch', ['w/6']],
      ['batch', ['w/1', 'w/4']],
      ['batch', ['w/2', 'w/5']],
    ]);
  });

  it('percentages are taken of each AZ’s changed instances', () => {
    const g = group('w', { canaries: '50%', maxInFlight: '50%' }, byAz);
    const plan = planGroupUpdate(g);
    // z1 has 3 → canaries 1, max_in_flight 1; z2/z3 have 2 → max_in_flight 1.
    expect(plan.segments.map((s) => [s.az, s.canaries.length, s.rest.length, s.maxInFlight])).toEqual([
      ['z1', 1, 2, 1],
      ['z2', 0, 2, 1],
      ['z3', 0, 2, 1],
    ]);
  });

  it('initial deploy with initial_deploy_az_update_strategy parallel: all AZs in one pool', () => {
    const g = group('w', { canaries: 1, maxInFlight: 3, initialDeployAzUpdateStrategy: 'parallel' }, byAz);
    expect(ids(g, true)).toEqual([
      ['canary', ['w/0']],
      ['batch', ['w/1', 'w/2', 'w/3']],
      ['batch', ['w/4', 'w/5', 'w/6']],
    ]);
    expect(ids(g, false)[1]).toEqual(['batch', ['w/3', 'w/6']]); // not initial: by AZ
  });
});

describe('serial and parallel instance groups', () => {
  const u = (serial?: boolean): UpdateSettings =>
    serial === undefined ? { canaries: 1, maxInFlight: 1 } : { canaries: 1, maxInFlight: 1, serial };
  it.each([
    [
      [true, false, false, true, true, false],
      [['a'], ['b', 'c'], ['d', 'e'], ['f']],
    ],
    [[undefined, true], [['a', 'b']]],
    [[false, false], [['a', 'b']]],
    [
      [false, undefined, false],
      [['a'], ['b'], ['c']],
    ],
    [[], []],
  ] as const)('%j', (flags, expected) => {
    const groups = flags.map((s, i) => ({ name: 'abcdef'[i] ?? '?', update: u(s) }));
    expect(partitionBySerial(groups).map((p) => p.map((g) => g.name))).toEqual(expected);
  });

  it('stages carry parallel and the batches come out in BOSH order', () => {
    const stages = planDeploymentUpdate([
      group('db', u(true), insts('db', 1)),
      group('api', u(false), insts('api', 2)),
      group('worker', u(false), []),
      group('router', u(), insts('router', 1)),
    ]);
    expect(stages.map((s) => [s.parallel, s.groups.map((g) => g.group)])).toEqual([
      [false, ['db']],
      [true, ['api', 'worker']],
      [false, ['router']],
    ]);
    expect(deploymentBatches(stages).map((b) => [b.group, b.canary, b.instances.map((i) => i.id)])).toEqual([
      ['db', true, ['db/0']],
      ['api', true, ['api/0']],
      ['api', false, ['api/1']],
      ['router', true, ['router/0']],
    ]);
  });

  it('names canary tasks', () => {
    expect(instanceTaskName('ntpd/5e7a (0)', true)).toBe('ntpd/5e7a (0) (canary)');
    expect(instanceTaskName('ntpd/5e7a (1)', false)).toBe('ntpd/5e7a (1)');
  });
});
