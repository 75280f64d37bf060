/** One problem found in a monit file, named by file and 1-based line. */
export interface MonitProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export function formatMonitProblem(p: MonitProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

/** Every problem of one monit file (the parser recovers at the next `check` and reports them all at once). */
export class MonitParseError extends Error {
  constructor(readonly problems: readonly MonitProblem[]) {
    super(problems.map(formatMonitProblem).join('\n'));
    this.name = 'MonitParseError';
  }
}

/** Problems across the monit files of all jobs: name conflicts, unknown dependencies, dependency loops. */
export class MonitConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'MonitConfigError';
  }
}
