/**
 * What `bosh clean-up` deletes, decided over plain data (bosh-director's `ReleasesToDeletePicker`,
 * `StemcellsToDeletePicker` and `CompiledPackagesToDeletePicker`): unused release versions and stemcells but the
 * newest `keep` of each name, and, with `--all`, compiled packages no remaining stemcell can use.
 */
import { compareVersions } from '../../../core/release/semi-semantic.js';
import { parseReleaseVersion, parseStemcellVersion, stemcellVersionsMatch } from '../release-version.js';

/** `clean-up` keeps the 2 newest unused versions of each release and stemcell; `--all` none. */
export const keepCount = (removeAll: boolean): number => (removeAll ? 0 : 2);

export interface ReleaseUsage {
  readonly name: string;
  /** In any order; `used`: a deployment or the latest runtime configs use it. */
  readonly versions: ReadonlyArray<{ readonly version: string; readonly used: boolean }>;
}

/** A release's versions to delete, oldest first (as `GET /cleanup/dryrun` lists them). */
export interface CleanableRelease {
  readonly name: string;
  readonly versions: readonly string[];
}

/** `ReleasesToDeletePicker#pick`: by name, each release's unused versions but the newest `keep`. */
export function pickReleases(releases: readonly ReleaseUsage[], keep: number): CleanableRelease[] {
  const byName = [...releases].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return byName
    .map((r) => {
      const unused = r.versions
        .filter((v) => !v.used)
        .map((v) => ({ version: v.version, parsed: parseReleaseVersion(v.version) }))
        .sort((a, b) => compareVersions(a.parsed, b.parsed))
        .map((v) => v.version);
      return { name: r.name, versions: unused.slice(0, Math.max(0, unused.length - keep)) };
    })
    .filter((r) => r.versions.length > 0);
}

export interface StemcellUsage {
  readonly id: number;
  readonly name: string;
  readonly version: string;
  /** The deployments using it. */
  readonly deployments: readonly string[];
}

/**
 * `StemcellsToDeletePicker#pick`: the unused stemcells but the newest `keep` of each name; names in order of
 * first appearance (the director lists stemcells by name), each name's oldest first.
 */
export function pickStemcells<S extends StemcellUsage>(stemcells: readonly S[], keep: number): S[] {
  const byName = new Map<string, S[]>();
  for (const s of stemcells) {
    if (s.deployments.length > 0) continue;
    byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  }
  return [...byName.values()].flatMap((versions) => {
    const sorted = versions
      .map((s) => ({ s, parsed: parseStemcellVersion(s.version) }))
      .sort((a, b) => compareVersions(a.parsed, b.parsed))
      .map((v) => v.s);
    return sorted.slice(0, Math.max(0, sorted.length - keep));
  });
}

export interface CompiledPackageUsage {
  readonly stemcellOs: string;
  readonly stemcellVersion: string;
}

/**
 * `CompiledPackagesToDeletePicker.pick`: the compiled packages no stemcell (of their OS, with a matching version)
 * is left for once the stemcells in `deleting` (ids) are gone.
 */
export function pickCompiledPackages<C extends CompiledPackageUsage>(
  compiled: readonly C[],
  stemcells: ReadonlyArray<{
    readonly id: number;
    readonly operatingSystem: string;
    readonly version: string;
  }>,
  deleting: ReadonlySet<number>,
): C[] {
  return compiled.filter(
    (cp) =>
      !stemcells.some(
        (s) =>
          s.operatingSystem === cp.stemcellOs &&
          !deleting.has(s.id) &&
          stemcellVersionsMatch(cp.stemcellVersion, s.version),
      ),
  );
}
