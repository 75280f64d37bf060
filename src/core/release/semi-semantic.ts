/**
 * github.com/cppforlife/go-semi-semantic, the version scheme of BOSH releases: `release[-pre][+post]`, each
 * segment dot-separated components that are integers (no leading zeros) or strings. Integers sort before
 * strings, missing trailing components count as zero, a pre-release sorts before the plain release and a
 * post-release after it: 1.0-rc.1 < 1 < 1+dev.1 < 1.1.
 */
export type VersionComponent = bigint | string;
export type VersionSegment = readonly VersionComponent[];

export interface SemiSemanticVersion {
  readonly release: VersionSegment;
  readonly preRelease: VersionSegment;
  readonly postRelease: VersionSegment;
}

const VERSION_RE = /^([0-9A-Za-z_.]+)(?:-([0-9A-Za-z_\-.]+))?(?:\+([0-9A-Za-z_\-.]+))?$/;
const INT_RE = /^[0-9]+$/;
const ZERO_START_RE = /^0+[0-9]+$/;
const STR_RE = /^[0-9A-Za-z_-]+$/;
const INT_MAX = 2n ** 63n - 1n;

export function parseVersion(v: string): SemiSemanticVersion {
  if (v === '') throw new Error('Expected version to be non-empty string');
  const m = VERSION_RE.exec(v);
  if (m === null) throw new Error(`Expected version '${v}' to match version format`);
  const segment = (s: string | undefined): VersionSegment => (s === undefined ? [] : parseSegment(s));
  return { release: segment(m[1]), preRelease: segment(m[2]), postRelease: segment(m[3]) };
}

export function parseSegment(s: string): VersionSegment {
  return s.split('.').map((piece) => {
    if (INT_RE.test(piece) && !ZERO_START_RE.test(piece)) {
      const i = BigInt(piece);
      if (i > INT_MAX) {
        throw new Error(
          `Expected component '${piece}' from version segment '${s}' to be a parseable integer: ` +
            `strconv.Atoi: parsing "${piece}": value out of range`,
        );
      }
      return i;
    }
    if (STR_RE.test(piece)) return piece;
    throw new Error(
      `Expected component '${piece}' from version segment '${s}' to be either an integer or a formatted string`,
    );
  });
}

export function formatSegment(s: VersionSegment): string {
  return s.map((c) => c.toString()).join('.');
}

export function formatVersion(v: SemiSemanticVersion): string {
  let out = formatSegment(v.release);
  if (v.preRelease.length > 0) out += '-' + formatSegment(v.preRelease);
  if (v.postRelease.length > 0) out += '+' + formatSegment(v.postRelease);
  return out;
}

function compareComponents(a: VersionComponent, b: VersionComponent): number {
  if (typeof a !== typeof b) return typeof a === 'string' ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareSegments(a: VersionSegment, b: VersionSegment): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareComponents(a[i] as VersionComponent, b[i] as VersionComponent);
    if (c !== 0) return c;
  }
  const allZero = (rest: VersionSegment): boolean => rest.every((c) => c === 0n);
  if (a.length > n && !allZero(a.slice(n))) return 1;
  if (b.length > n && !allZero(b.slice(n))) return -1;
  return 0;
}

/** -1, 0 or 1. */
export function compareVersions(a: SemiSemanticVersion, b: SemiSemanticVersion): number {
  const r = compareSegments(a.release, b.release);
  if (r !== 0) return r;
  if (a.preRelease.length > 0 || b.preRelease.length > 0) {
    if (a.preRelease.length === 0) return 1;
    if (b.preRelease.length === 0) return -1;
    const p = compareSegments(a.preRelease, b.preRelease);
    if (p !== 0) return p;
  }
  if (a.postRelease.length > 0 || b.postRelease.length > 0) {
    if (a.postRelease.length === 0) return -1;
    if (b.postRelease.length === 0) return 1;
    return compareSegments(a.postRelease, b.postRelease);
  }
  return 0;
}

/** VersionSegment.Increment: the last component, which must be an integer, plus one. */
export function incrementSegment(s: VersionSegment): VersionSegment {
  const last = s[s.length - 1];
  if (last === undefined) {
    throw new Error('Expected version segment to have at least one component to be incremented');
  }
  if (typeof last !== 'bigint') {
    throw new Error(
      `Expected version segment '${formatSegment(s)}' to have last component '${last}' to be an integer`,
    );
  }
  // Go's int wraps around, and the negative result fails validation.
  if (last === INT_MAX) throw new Error('Expected integer component to be greater than or equal to 0');
  return [...s.slice(0, -1), last + 1n];
}

/** `2.3-rc.1+dev.4` → `2.4`: the release incremented, pre and post dropped. */
export function incrementRelease(v: SemiSemanticVersion): SemiSemanticVersion {
  return { release: incrementSegment(v.release), preRelease: [], postRelease: [] };
}

/** The post-release incremented, or `defaultPost` when there is none. */
export function incrementPostRelease(
  v: SemiSemanticVersion,
  defaultPost: VersionSegment,
): SemiSemanticVersion {
  if (defaultPost.length === 0) throw new Error('Expected default post relase to be non-empty');
  const postRelease = v.postRelease.length === 0 ? [...defaultPost] : incrementSegment(v.postRelease);
  return { release: v.release, preRelease: v.preRelease, postRelease };
}
