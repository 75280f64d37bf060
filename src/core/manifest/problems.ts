import { BOSH_ERRORS } from '../bosh-error-codes.js';
import { BoshError, type BoshErrorKind } from '../errors.js';

/** One validation failure, as BOSH would raise it on its own (BOSH stops at the first; we collect them all). */
export interface Problem {
  readonly kind: BoshErrorKind | 'DirectorError';
  readonly code: number;
  readonly message: string;
}

/**
 * Every problem found in a manifest or config. `kind`, `code` and (for a single problem) `message` are the
 * first problem's, so callers that only know BOSH's one-error behaviour still see what BOSH shows.
 */
export class ManifestError extends BoshError {
  constructor(readonly problems: readonly [Problem, ...Problem[]]) {
    const [first] = problems;
    super(
      first.kind,
      problems.length === 1
        ? first.message
        : `${problems.length} problems:\n${problems.map((p) => `  - ${p.message} (${p.kind} ${p.code})`).join('\n')}`,
    );
  }
}

/** Collects problems in the order they are found; `check` throws a ManifestError if there is any. */
export class Problems {
  readonly list: Problem[] = [];
  readonly warnings: string[] = [];

  add(kind: BoshErrorKind | 'DirectorError', message: string): void {
    this.list.push({ kind, code: kind === 'DirectorError' ? 100 : BOSH_ERRORS[kind][0], message });
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  get count(): number {
    return this.list.length;
  }

  check(): void {
    const [first, ...rest] = this.list;
    if (first !== undefined) throw new ManifestError([first, ...rest]);
  }
}
