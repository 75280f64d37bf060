import { describe, expect, it } from 'vitest';
import { planDeploymentUpdate, planGroupUpdate, type GroupToUpdate } from './plan.js';
import { deploymentTimeline, groupTimeline } from './timeline.js';

interface Inst {
  readonly id: string;
  readonly seconds: number;
  readonly az?: string;
}

const ntpd = (seconds: readonly number[]): Inst[] => seconds.map((s, i) => ({ id: `ntpd/${i}`, seconds: s }));

describe('timeline against the seed’s measured ntp deploys', () => {
  // Durations of ntpd/0..5 as the seed's task logs print them; totals are the "Done updating job ntpd" lines.
  it.each([
    [1, 3, [44, 50, 50, 50, 48, 47], 142, { 'ntpd/4': 94, 'ntpd/5': 94 }],
    [2, 4, [49, 48, 51, 51, 51, 53], 102, { 'ntpd/2': 49, 'ntpd/5': 49 }],
    [1, 6, [44, 55, 55, 56, 54, 54], 100, { 'ntpd/1': 44, 'ntpd/5': 44 }],
  ] as const)('canaries %i, max_in_flight %i', (canaries, maxInFlight, secs, total, starts) => {
    const plan = planGroupUpdate({ name: 'ntpd', update: { canaries, maxInFlight }, instances: ntpd(secs) });
    const { events, end } = groupTimeline(plan, (i) => i.seconds);
    expect(end).toBe(total);
    for (const [id, start] of Object.entries(starts)) {
      expect(events.find((e) => e.instance.id === id)?.start).toBe(start);
    }
    expect(events.filter((e) => e.canary).map((e) => e.instance.id)).toEqual(
      ntpd(secs)
        .slice(0, canaries)
        .map((i) => i.id),
    );
  });

  it('a new instance takes the first free slot (sliding window, not waves)', () => {
    const instances: Inst[] = [10, 5, 30, 5, 5].map((s, i) => ({ id: `g/${i}`, seconds: s }));
    const plan = planGroupUpdate({ name: 'g', update: { canaries: 0, maxInFlight: 2 }, instances });
    const { events, end } = groupTimeline(plan, (i) => i.seconds);
    expect(events.map((e) => [e.instance.id, e.start, e.finish])).toEqual([
      ['g/0', 0, 10],
      ['g/1', 0, 5],
      ['g/2', 5, 35],
      ['g/3', 10, 15],
      ['g/4', 15, 20],
    ]);
    expect(end).toBe(35);
  });

  it('parallel stages start together, serial ones wait', () => {
    const g = (name: string, serial: boolean, seconds: number): GroupToUpdate<Inst> => ({
      name,
      update: { canaries: 1, maxInFlight: 1, serial },
      instances: [{ id: `${name}/0`, seconds }],
    });
    const stages = planDeploymentUpdate([
      g('a', true, 10),
      g('b', false, 20),
      g('c', false, 5),
      g('d', true, 1),
    ]);
    const { events, end } = deploymentTimeline(stages, (i) => i.seconds);
    expect(events.map((e) => [e.instance.id, e.start])).toEqual([
      ['a/0', 0],
      ['b/0', 10],
      ['c/0', 10],
      ['d/0', 30],
    ]);
    expect(end).toBe(31);
  });
});
