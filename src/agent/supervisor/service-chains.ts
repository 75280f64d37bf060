import type { Service } from './service.js';

/**
 * Starts services with each one's dependencies started first, independent ones in parallel (monit starts them
 * one by one). Every service is held until its own start is done, so no cycle starts it before its dependencies.
 */
export async function startInOrder(services: readonly Service[]): Promise<void> {
  const byName = new Map(services.map((s) => [s.name, s]));
  for (const s of services) s.holds++;
  const memo = new Map<string, Promise<void>>();
  const startOne = (s: Service): Promise<void> => {
    const known = memo.get(s.name);
    if (known !== undefined) return known;
    const p = (async () => {
      try {
        const deps = s.planned.dependsOn.flatMap((d) => byName.get(d) ?? []);
        await Promise.all(deps.map(startOne));
        await s.exclusive(async () => {
          if (s.monitor !== 'no') await s.start();
        });
      } finally {
        s.holds--;
      }
    })();
    memo.set(s.name, p);
    return p;
  };
  await Promise.all(services.map(startOne));
}

/** Stops the targets, each after every service that depends on it (as `monit stop` does). */
export async function stopDependantsFirst(
  all: readonly Service[],
  targets: readonly Service[],
): Promise<void> {
  const memo = new Map<string, Promise<void>>();
  const stopOne = (s: Service): Promise<void> => {
    const known = memo.get(s.name);
    if (known !== undefined) return known;
    const dependants = all.filter((d) => d.planned.dependsOn.includes(s.name));
    const p = Promise.all(dependants.map(stopOne)).then(() => s.exclusive(() => s.stopProcess()));
    memo.set(s.name, p);
    return p;
  };
  await Promise.all(targets.map(stopOne));
}

/** Everything that depends on `s`, directly or not, in start order. */
export function dependantsOf(all: readonly Service[], s: Service): Service[] {
  const out = new Set<Service>();
  const add = (x: Service): void => {
    for (const d of all) {
      if (d.planned.dependsOn.includes(x.name) && !out.has(d)) {
        out.add(d);
        add(d);
      }
    }
  };
  add(s);
  return all.filter((x) => out.has(x));
}

/**
 * Monit's restart: dependants stopped (last first), the service stopped when `stopFirst` and started again,
 * dependants started. All of them are held meanwhile so cycles leave them alone.
 */
export async function restartChain(
  all: readonly Service[],
  s: Service,
  stopFirst: boolean,
  cycle: number,
): Promise<void> {
  const dependants = dependantsOf(all, s);
  const held = [s, ...dependants];
  for (const x of held) x.holds++;
  try {
    for (const d of [...dependants].reverse())
      if (d.monitor !== 'no') await d.exclusive(() => d.stopProcess());
    await s.exclusive(async () => {
      if (s.monitor === 'no') return;
      if (stopFirst) await s.stopProcess();
      s.restarts++;
      s.restartCycles = [...s.restartCycles.slice(-99), cycle]; // enough for any `restarts within` window
      await s.start();
    });
    for (const d of dependants) if (d.monitor !== 'no') await d.exclusive(() => d.start());
  } finally {
    for (const x of held) x.holds--;
  }
}
