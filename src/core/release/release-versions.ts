import { WrappedError } from '../../base/errors.js';
import {
  compareVersions,
  formatVersion,
  incrementPostRelease,
  incrementRelease,
  parseSegment,
  parseVersion,
  type SemiSemanticVersion,
} from './semi-semantic.js';

/** Version numbering of dev and final releases (README §10, releasedir/fs_release_dir.go). */

const DEFAULT_FINAL = '1';
const DEFAULT_DEV = parseVersion('0+dev.0');
const DEFAULT_DEV_POST = parseSegment('dev.1');

/**
 * FSReleaseIndex.LastVersion: the greatest version of an index, or undefined for none. Versions that sort
 * equal (`1` and `1.0`) keep the later one in the given order.
 */
export function lastVersion(versions: Iterable<string>): string | undefined {
  let best: { text: string; v: SemiSemanticVersion } | undefined;
  for (const text of versions) {
    let v: SemiSemanticVersion;
    try {
      v = parseVersion(text);
    } catch (e) {
      throw new WrappedError('Parsing release versions', e as Error);
    }
    if (best === undefined || compareVersions(v, best.v) >= 0) best = { text, v };
  }
  return best?.text;
}

/**
 * The greater of the last dev and the last final version (the dev one on a tie), and which it is: what the next dev
 * version builds on, and which release `vendor-package` reads (releasedir lastDevOrFinalVersion).
 */
export function latestDevOrFinal(
  lastDev: string | undefined,
  lastFinal: string | undefined,
): { version: string; kind: 'dev' | 'final' } | undefined {
  if (
    lastFinal !== undefined &&
    (lastDev === undefined || compareVersions(parseVersion(lastFinal), parseVersion(lastDev)) > 0)
  ) {
    return { version: lastFinal, kind: 'final' };
  }
  return lastDev === undefined ? undefined : { version: lastDev, kind: 'dev' };
}

export interface NextDevOptions {
  /** `--timestamp-version`: unix seconds, which replace the post-release (`dev.<seconds>`). */
  readonly timestamp?: number;
}

/**
 * The next dev version: the greater of the last dev and last final version (the dev one on a tie; `0+dev.0`
 * when there is neither) with its post-release incremented, or `+dev.1` added.
 */
export function nextDevVersion(
  lastDev: string | undefined,
  lastFinal: string | undefined,
  options: NextDevOptions = {},
): string {
  const latest = latestDevOrFinal(lastDev, lastFinal);
  const last = latest === undefined ? DEFAULT_DEV : parseVersion(latest.version);
  let next: SemiSemanticVersion;
  try {
    next = incrementPostRelease(last, DEFAULT_DEV_POST);
  } catch (e) {
    throw new WrappedError('Incrementing last dev version', e as Error);
  }
  if (options.timestamp !== undefined) {
    next = { ...next, postRelease: parseSegment(`dev.${Math.trunc(options.timestamp).toString()}`) };
  }
  return formatVersion(next);
}

/** The next final version: the last final one with its last release component incremented, else `1`. */
export function nextFinalVersion(lastFinal: string | undefined): string {
  if (lastFinal === undefined) return DEFAULT_FINAL;
  const last = parseVersion(lastFinal);
  try {
    return formatVersion(incrementRelease(last));
  } catch (e) {
    throw new WrappedError('Incrementing last final version', e as Error);
  }
}
