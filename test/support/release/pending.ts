/**
 * Release-conformance cases that are expected to fail while work is in progress. The suite runs them as `it.fails`,
 * so it stays green, and a case that starts to pass fails the run: then delete its line.
 * `RELEASE_CASE=<id>` runs a case normally whether it is listed or not, to see its diff. Every case passes now.
 */
export const PENDING: ReadonlySet<string> = new Set<string>([]);
