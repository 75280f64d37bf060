/**
 * Start/finish times of every instance under BOSH's thread pools, given how long each update takes: each AZ
 * segment is a pool of `maxInFlight` slots (an instance starts when a slot frees, in plan order), canaries are
 * waited for before the rest, segments follow each other, serial stages run groups in turn, parallel stages
 * start all their groups together. Pure; used to check plans against measured deploys.
 */
import type { GroupUpdatePlan, UpdateStage } from './plan.js';

export interface TimedInstance<T> {
  readonly instance: T;
  readonly group: string;
  readonly canary: boolean;
  readonly start: number;
  readonly finish: number;
}

function runPool<T>(
  items: readonly T[],
  slots: number,
  start: number,
  duration: (i: T) => number,
  emit: (i: T, start: number, finish: number) => void,
): number {
  const free = Array<number>(Math.max(1, slots)).fill(start);
  let end = start;
  for (const item of items) {
    const earliest = Math.min(...free);
    const slot = free.indexOf(earliest);
    const finish = earliest + duration(item);
    free[slot] = finish;
    emit(item, earliest, finish);
    end = Math.max(end, finish);
  }
  return end;
}

export function groupTimeline<T>(
  plan: GroupUpdatePlan<T>,
  duration: (i: T) => number,
  start = 0,
): { events: TimedInstance<T>[]; end: number } {
  const events: TimedInstance<T>[] = [];
  let t = start;
  for (const s of plan.segments) {
    for (const [items, canary] of [
      [s.canaries, true],
      [s.rest, false],
    ] as const) {
      t = runPool(items, s.maxInFlight, t, duration, (instance, st, fin) =>
        events.push({ instance, group: plan.group, canary, start: st, finish: fin }),
      );
    }
  }
  return { events, end: t };
}

export function deploymentTimeline<T>(
  stages: readonly UpdateStage<T>[],
  duration: (i: T) => number,
): { events: TimedInstance<T>[]; end: number } {
  const events: TimedInstance<T>[] = [];
  let t = 0;
  for (const stage of stages) {
    let stageEnd = t;
    for (const g of stage.groups) {
      const r = groupTimeline(g, duration, stage.parallel ? t : stageEnd);
      events.push(...r.events);
      stageEnd = Math.max(stageEnd, r.end);
    }
    t = stageEnd;
  }
  return { events, end: t };
}
