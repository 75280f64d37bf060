import {
  compareSegments,
  compareVersions,
  formatVersion,
  type SemiSemanticVersion,
  type VersionSegment,
} from '../../core/release/semi-semantic.js';

/**
 * bosh-director's `Bosh::Version::ReleaseVersion` over the Ruby semi_semantic gem: like the Go library, except that
 * all-digit components are integers even with leading zeros (`01` reads as `1`), trailing empty components are
 * dropped (Ruby's `split`), and the old dev format `1.2-dev` reads as `1+dev.2`.
 */

const VERSION = /^([0-9A-Za-z_.]+)(?:-([0-9A-Za-z_\-.]+))?(?:\+([0-9A-Za-z_\-.]+))?$/;

function parseSegment(s: string): VersionSegment {
  const pieces = s.split('.');
  while (pieces.length > 0 && pieces[pieces.length - 1] === '') pieces.pop();
  return pieces.map((piece) => {
    if (/^[0-9]+$/.test(piece)) return BigInt(piece);
    if (/^[0-9A-Za-z_-]+$/.test(piece)) return piece;
    throw new Error(`Invalid Version Component Format: '${piece}'`);
  });
}

/** Throws when `text` is no release version (the caller words the error). */
export function parseReleaseVersion(text: string): SemiSemanticVersion {
  const old = /^(.*)\.([0-9]+)-dev$/.exec(text);
  return parseRubyVersion(old ? `${old[1] ?? ''}+dev.${old[2] ?? ''}` : text);
}

/** `Bosh::Version::StemcellVersion.parse`: underscores read as dots (old stemcell versions), no dev format. */
export function parseStemcellVersion(text: string): SemiSemanticVersion {
  return parseRubyVersion(text.replaceAll('_', '.'));
}

/**
 * `StemcellVersion.match`: the same major version (first release component, underscores read as dots), so `621.5`
 * fits `621.21` and `3445_2`. Throws for a text that is no stemcell version, as BOSH's parse does.
 */
export function stemcellVersionsMatch(a: string, b: string): boolean {
  return parseStemcellVersion(a).release[0] === parseStemcellVersion(b).release[0];
}

/** The Ruby semi_semantic gem's `Version.parse`. */
function parseRubyVersion(version: string): SemiSemanticVersion {
  const m = VERSION.exec(version);
  if (m === null) throw new Error(`Invalid Version String: '${version}'`);
  const segment = (s: string | undefined): VersionSegment => (s === undefined ? [] : parseSegment(s));
  return { release: segment(m[1]), preRelease: segment(m[2]), postRelease: segment(m[3]) };
}

export const formatReleaseVersion = formatVersion;

/** `to_old_format`: `1+dev.2` → `1.2-dev`, or undefined when the version has no `+dev.N` suffix. */
export function toOldFormat(version: string): string | undefined {
  const m = /^(.*)\+dev\.([0-9]+)$/.exec(version);
  return m ? `${m[1] ?? ''}.${m[2] ?? ''}-dev` : undefined;
}

/**
 * `ReleaseVersionList#rebase` (`upload-release --rebase`): the next dev version after the latest existing version
 * with the same release and pre-release segments, else the version with post-release `dev.1`.
 */
export function rebaseVersion(
  version: SemiSemanticVersion,
  existing: readonly string[],
): SemiSemanticVersion {
  if (version.postRelease.length === 0) {
    throw new Error(`Failed to Rebase - Invalid Version: ${formatVersion(version)}`);
  }
  const sameBase = existing
    .map(parseReleaseVersion)
    .filter(
      (v) =>
        compareSegments(v.release, version.release) === 0 &&
        compareSegments(v.preRelease, version.preRelease) === 0,
    )
    .sort(compareVersions);
  const latest = sameBase[sameBase.length - 1];
  const dev: VersionSegment = ['dev', 1n];
  if (latest === undefined) return { ...version, postRelease: dev };
  if (latest.postRelease.length === 0) return { ...latest, postRelease: dev };
  const last = latest.postRelease[latest.postRelease.length - 1];
  if (typeof last !== 'bigint') throw new Error(`'${String(last)}' is not an integer`);
  return { ...latest, postRelease: [...latest.postRelease.slice(0, -1), last + 1n] };
}
