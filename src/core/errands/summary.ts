/** `Errand::ResultSet#summary` and `Errand::Result`'s outcome classes: the run-errand task's result text. */
export interface ErrandOutcome {
  readonly exitCode: number;
}

const successful = (r: ErrandOutcome) => r.exitCode === 0;
const errored = (r: ErrandOutcome) => r.exitCode > 0 && r.exitCode <= 128;
const cancelled = (r: ErrandOutcome) => r.exitCode > 128;

export const errandSummary = (results: readonly ErrandOutcome[]): string =>
  `${String(results.filter(successful).length)} succeeded, ${String(results.filter(errored).length)} errored, ` +
  `${String(results.filter(cancelled).length)} canceled`;
