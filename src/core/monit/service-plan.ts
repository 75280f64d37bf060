import { MonitConfigError } from './monit-errors.js';
import type { MonitFile, MonitProcess } from './monit-types.js';

/** The parsed monit files of one job (`<job>/monit` and any `<job>/*.monit`). */
export interface JobMonitFiles {
  readonly job: string;
  readonly files: readonly MonitFile[];
}

export interface PlannedService {
  readonly name: string;
  readonly job: string;
  readonly file: string;
  readonly process: MonitProcess;
  /** Dependencies on supervised processes; dependencies on `check file` and other stanzas count as met. */
  readonly dependsOn: readonly string[];
  /** In the supervised group: started by `start`, listed by `processes()`, counted in the job state. */
  readonly reported: boolean;
}

export interface ServicePlan {
  /** In control-file order (jobs in the order given, then file order), as monit lists them in its status. */
  readonly services: readonly PlannedService[];
  readonly warnings: readonly string[];
}

/**
 * Decides which `check process` stanzas of all jobs are supervised, as the agent does: those in group `vcap`
 * (`start` posts only them to monit) and whatever they depend on (monit starts dependencies first). Checks what
 * monit checks when it loads its control file: unique names, known dependencies, no dependency loops.
 */
export function planServices(jobs: readonly JobMonitFiles[], group = 'vcap'): ServicePlan {
  const problems: string[] = [];
  const warnings: string[] = [];
  const byName = new Map<string, { job: string; file: string; process: MonitProcess }>();
  const other = new Map<string, string>();
  for (const { job, files } of jobs) {
    for (const file of files) {
      for (const process of file.processes) {
        const seen = byName.get(process.name);
        const seenFile = seen?.file ?? other.get(process.name);
        if (seenFile !== undefined) {
          problems.push(
            `Service name conflict, '${process.name}' is defined in '${seenFile}' and '${file.file}'`,
          );
        } else byName.set(process.name, { job, file: file.file, process });
      }
      for (const s of file.ignored) {
        const seenFile = byName.get(s.name)?.file ?? other.get(s.name);
        if (seenFile !== undefined) {
          problems.push(`Service name conflict, '${s.name}' is defined in '${seenFile}' and '${file.file}'`);
        } else other.set(s.name, file.file);
      }
    }
  }
  for (const { file, process } of byName.values()) {
    for (const dep of process.dependsOn) {
      if (!byName.has(dep) && !other.has(dep)) {
        problems.push(
          `${file}:${process.line}: 'check process ${process.name}' depends on '${dep}', which is not defined`,
        );
      }
    }
  }
  if (problems.length > 0) throw new MonitConfigError(problems);

  const reported = new Set(
    [...byName.values()].filter((s) => s.process.groups.includes(group)).map((s) => s.process.name),
  );
  const order: PlannedService[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: readonly string[]): void => {
    const entry = byName.get(name);
    if (entry === undefined || state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const loop = [...path.slice(path.indexOf(name)), name].join(' -> ');
      problems.push(`Found a depend loop in the control file involving the service '${name}' (${loop})`);
      return;
    }
    state.set(name, 'visiting');
    const dependsOn = entry.process.dependsOn.filter((d) => byName.has(d));
    for (const dep of dependsOn) visit(dep, [...path, name]);
    state.set(name, 'done');
    order.push({
      name,
      job: entry.job,
      file: entry.file,
      process: entry.process,
      dependsOn,
      reported: reported.has(name),
    });
  };
  for (const name of byName.keys()) visit(name, []);
  if (problems.length > 0) throw new MonitConfigError(problems);

  // Supervised: the group and, transitively, what it depends on (dependants come later in `order`).
  const supervised = new Set(reported);
  for (const s of [...order].reverse())
    if (supervised.has(s.name)) for (const d of s.dependsOn) supervised.add(d);
  for (const { job, process } of byName.values()) {
    if (!supervised.has(process.name)) {
      warnings.push(
        `'check process ${process.name}' (job '${job}') is not in group '${group}' and is not supervised`,
      );
    }
  }
  const planned = new Map(order.map((s) => [s.name, s]));
  const services = [...byName.keys()].flatMap((name) =>
    supervised.has(name) ? (planned.get(name) ?? []) : [],
  );
  return { services, warnings };
}
