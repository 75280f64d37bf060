/** `GET /deployments/:d/errands`: errand instance groups, then jobs that run as errands, each name once. */
export interface ErrandSource {
  readonly name: string;
  readonly lifecycle: 'service' | 'errand';
  /** Each job's name and the destinations of its templates (its release job spec's `templates` values). */
  readonly jobs: ReadonlyArray<{ readonly name: string; readonly templateDestinations: readonly string[] }>;
}

/** `Models::Template#runs_as_errand?`: a job with a `bin/run` (or `bin/run.ps1`) template. */
const runsAsErrand = (destinations: readonly string[]): boolean =>
  destinations.includes('bin/run') || destinations.includes('bin/run.ps1');

export function errandNames(groups: readonly ErrandSource[]): string[] {
  const names = groups.filter((g) => g.lifecycle === 'errand').map((g) => g.name);
  for (const g of groups)
    for (const j of g.jobs) if (runsAsErrand(j.templateDestinations)) names.push(j.name);
  return [...new Set(names)];
}
